import { describe, expect, it } from 'vitest';
import {
  BinaryFileError,
  decodeBinaryFile,
  encodeBinaryFile,
  int32Section,
  jsonBytes,
  jsonSection,
  uint32Section,
  utf16Bytes,
  utf16Section,
} from '../../src/persist/binary-file.ts';

/** The container as one aligned buffer, as the store reads it from disk. */
function encode(sections: Parameters<typeof encodeBinaryFile>[1], kind = 'test'): Uint8Array {
  return new Uint8Array(Buffer.concat(encodeBinaryFile(kind, sections)));
}

const sections: Parameters<typeof encodeBinaryFile>[1] = [
  ['meta', jsonBytes({ paragraphs: 3 })],
  ['text', utf16Bytes('知识产权质押')],
  ['odd', new Uint8Array([1, 2, 3])],
  ['seqs', Uint32Array.from([0, 7, 4_000_000_000])],
  ['signed', Int32Array.from([-1, 5])],
];

describe('encodeBinaryFile → decodeBinaryFile', () => {
  it('returns every section as written, typed sections viewed in place', () => {
    const bytes = encode(sections);
    const file = decodeBinaryFile(bytes, 'test', { verify: true });
    expect(jsonSection(file, 'meta')).toEqual({ paragraphs: 3 });
    expect(utf16Section(file, 'text')).toBe('知识产权质押');
    expect([...uint32Section(file, 'seqs')]).toEqual([0, 7, 4_000_000_000]);
    expect([...int32Section(file, 'signed')]).toEqual([-1, 5]);
    // A view, not a copy: the section starts on an 8-byte boundary of the file's own buffer.
    expect(uint32Section(file, 'seqs').buffer).toBe(bytes.buffer);
    for (const section of file.sections.values()) expect(section.bytes.byteOffset % 8).toBe(0);
  });

  it.each([
    [
      'a flipped byte',
      (bytes: Uint8Array) => bytes.fill(0x5a, bytes.length - 3, bytes.length - 2),
      /checksum mismatch in section signed/,
    ],
    [
      'a truncated file',
      (bytes: Uint8Array) => bytes.subarray(0, bytes.length - 9),
      /truncated \(section signed\)/,
    ],
    ['a cut section table', (bytes: Uint8Array) => bytes.subarray(0, 40), /truncated \(section table\)/],
    ['foreign bytes', () => new Uint8Array(64).fill(1), /not a binary index file/],
  ])('refuses %s', (_name, damage, message) => {
    const damaged = damage(encode(sections));
    expect(() => decodeBinaryFile(damaged, 'test', { verify: true })).toThrow(BinaryFileError);
    expect(() => decodeBinaryFile(damaged, 'test', { verify: true })).toThrow(message);
  });

  it('refuses a file of another kind, and names a missing section', () => {
    const bytes = encode(sections, 'keyword');
    expect(() => decodeBinaryFile(bytes, 'paragraphs', { verify: false })).toThrow(
      /holds keyword, not paragraphs/,
    );
    const file = decodeBinaryFile(bytes, 'keyword', { verify: false });
    expect(() => uint32Section(file, 'absent')).toThrow(/lacks the section absent/);
    expect(() => uint32Section(file, 'odd')).toThrow(/section odd is truncated/);
  });
});
