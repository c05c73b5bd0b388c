// Compiles src/vector/inner-product.wat into inner-product.wasm beside it (wabt, a dev dependency):
// the bytes are committed (WebAssembly.Module checks them when loaded), so installing and serving need no compiler. Run after editing the text.
import { readFileSync, writeFileSync } from 'node:fs';
import wabt from 'wabt';

const source = new URL('../src/vector/inner-product.wat', import.meta.url);
const module = (await wabt()).parseWat('inner-product.wat', readFileSync(source, 'utf8'), {
  simd: true,
  threads: true,
});
writeFileSync(new URL('../src/vector/inner-product.wasm', import.meta.url), module.toBinary({}).buffer);
