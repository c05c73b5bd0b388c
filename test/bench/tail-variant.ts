/** The server variants `loadtest-tail.ts` compares, as its `--variant` options spell them. */
import { resolve } from 'node:path';

/** One server to start: a display name, its checkout, and environment settings for it. */
export interface Variant {
  name: string;
  root: string;
  env: Record<string, string>;
}

/**
 * `name=ROOT[:VAR=VALUE[:VAR=VALUE…]]` as a {@link Variant} (ROOT resolved; default `.`). A piece that
 * does not start with an upper-case `NAME=` continues the previous value, so that
 * `GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2` keeps its colon.
 */
export function parseVariant(spec: string): Variant {
  const [name = spec, rest = '.'] = spec.split(/=(.*)/su);
  const [root = '.', ...pairs] = rest.split(':');
  const env: Record<string, string> = {};
  let last = '';
  for (const pair of pairs) {
    if (!/^[A-Z_][A-Z0-9_]*=/u.test(pair) && last) {
      env[last] += `:${pair}`;
      continue;
    }
    const [key = '', value = ''] = pair.split(/=(.*)/su);
    env[key] = value;
    last = key;
  }
  return { name, root: resolve(root), env };
}
