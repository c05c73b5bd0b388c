import { describe, expect, it } from 'vitest';
import { fileChecksum, runningChecksum } from '../../src/persist/file-checksum.ts';

describe('fileChecksum', () => {
  it.each([
    ['the empty file', '', { bytes: 0, crc32: '00000000' }],
    // The CRC-32 check value of the standard (ISO-HDLC, as zlib, gzip and zip compute it).
    ['"123456789"', '123456789', { bytes: 9, crc32: 'cbf43926' }],
    [
      'UTF-8 text, counted in bytes',
      '知识产权',
      { bytes: 12, crc32: fileChecksum(Buffer.from('知识产权')).crc32 },
    ],
  ])('records the size and CRC-32 of %s', (_name, text, expected) => {
    expect(fileChecksum(text)).toEqual(expected);
  });

  it('tells a file from the same file with one bit flipped', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) & 0xff);
    const flipped = bytes.slice();
    flipped[2000] = (flipped[2000] ?? 0) ^ 0x01;
    expect(fileChecksum(flipped).crc32).not.toBe(fileChecksum(bytes).crc32);
  });
});

describe('runningChecksum', () => {
  it('gives the whole file’s checksum from its chunks, however it is cut', () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7 + 3) & 0xff);
    for (const cut of [1, 3, 1000, 4096, 10_000]) {
      const running = runningChecksum();
      for (let at = 0; at < bytes.length; at += cut) running.update(bytes.subarray(at, at + cut));
      expect(running.digest()).toEqual(fileChecksum(bytes));
    }
  });
});
