import { normalizeInPlace } from '../../src/embedding/embedder.ts';
import { seededRandom } from '../../src/seeded-random.ts';

/** `count` deterministic random unit vectors of `dims` components (mulberry32 from `seed`). */
export function randomUnitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const next = () => random() - 0.5;
  return Array.from({ length: count }, () => normalizeInPlace(Float32Array.from({ length: dims }, next)));
}
