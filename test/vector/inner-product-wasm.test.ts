import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import wabt from 'wabt';

describe('inner-product.wasm', () => {
  it('is the committed text compiled (npm run wasm after editing inner-product.wat)', async () => {
    const text = readFileSync(new URL('../../src/vector/inner-product.wat', import.meta.url), 'utf8');
    const compiled = (await wabt())
      .parseWat('inner-product.wat', text, { simd: true, threads: true })
      .toBinary({}).buffer;
    const committed = readFileSync(new URL('../../src/vector/inner-product.wasm', import.meta.url));
    expect(Buffer.from(compiled).equals(committed)).toBe(true);
  });
});
