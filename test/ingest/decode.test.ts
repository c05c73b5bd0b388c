import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.ts';

const TEXT = '国家知识产权局关于印发《推动知识产权高质量发展年度工作指引（2021）》的通知';

/** GBK bytes of a few known characters (国 B9FA, 家 BCD2, 知 D6AA, 识 CAB6), for a file saved by an old editor. */
const GBK_GUOJIA_ZHISHI = new Uint8Array([0xb9, 0xfa, 0xbc, 0xd2, 0xd6, 0xaa, 0xca, 0xb6]);

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[2 + i * 2] = code & 0xff;
    bytes[3 + i * 2] = code >> 8;
  }
  return bytes;
}

describe('decodeBytes', () => {
  it.each([
    ['UTF-8', new TextEncoder().encode(TEXT), TEXT, 'utf-8'],
    [
      'UTF-8 with a BOM',
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]),
      TEXT,
      'utf-8',
    ],
    ['GBK (not valid UTF-8)', GBK_GUOJIA_ZHISHI, '国家知识', 'gb18030'],
    ['UTF-16 with a BOM', utf16le(TEXT), TEXT, 'utf-16le'],
    [
      'UTF-8 with one stray bad byte (not GB18030 mojibake)',
      new Uint8Array([...new TextEncoder().encode(TEXT.repeat(20)), 0xff]),
      `${TEXT.repeat(20)}\uFFFD`,
      'utf-8',
    ],
  ])('decodes %s', (_case, bytes, text, encoding) => {
    expect(decodeBytes(bytes)).toEqual({ ok: true, text, encoding });
  });

  it.each([
    ['NUL bytes', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x03]), /NUL/u],
    [
      'many control characters',
      new Uint8Array(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x07 : 0x41))),
      /control/u,
    ],
    [
      'bytes valid in neither UTF-8 nor GB18030',
      new Uint8Array([0x41, 0x81, 0x20, 0x42, 0xff, 0x30]),
      /undecodable/u,
    ],
  ])('refuses a file with %s, naming the reason', (_case, bytes, reason) => {
    const result = decodeBytes(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
