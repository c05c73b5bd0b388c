import { describe, expect, it } from 'vitest';
import { parseWord2vecBinary } from './word2vec-file.ts';

/** A word2vec binary file: header, then per word its bytes, a space, float32s, and an optional newline. */
function fileOf(rows: [string, number[]][], newlineAfterVector: boolean, header?: string): Uint8Array {
  const dimensions = rows[0]?.[1].length ?? 1;
  const parts: Uint8Array[] = [new TextEncoder().encode(header ?? `${rows.length} ${dimensions}\n`)];
  for (const [word, vector] of rows) {
    parts.push(new TextEncoder().encode(`${word} `));
    parts.push(new Uint8Array(Float32Array.from(vector).buffer));
    if (newlineAfterVector) parts.push(new Uint8Array([0x0a]));
  }
  return Buffer.concat(parts);
}

const rows: [string, number[]][] = [
  ['贷款', [3, 4]],
  ['融资', [0, 2]],
  ['零', [0, 0]],
];

describe('parseWord2vecBinary', () => {
  it.each([
    ['with a newline after each vector', true],
    ['without newlines', false],
  ])('reads words and unit-length vectors %s', (_name, newline) => {
    const table = parseWord2vecBinary(fileOf(rows, newline));
    expect(table.words).toEqual(['贷款', '融资', '零']);
    expect(table.dimensions).toBe(2);
    expect([...table.vectors].map((v) => Number(v.toFixed(6)))).toEqual([0.6, 0.8, 0, 1, 0, 0]);
  });

  it.each([
    ['a missing header', new Uint8Array([0x31, 0x20, 0x32])],
    ['a bad header', fileOf(rows, true, 'many words\n')],
    ['a truncated vector', fileOf(rows, true).subarray(0, 30)],
  ])('refuses %s', (_name, bytes) => {
    expect(() => parseWord2vecBinary(bytes)).toThrow(/word2vec file/);
  });
});
