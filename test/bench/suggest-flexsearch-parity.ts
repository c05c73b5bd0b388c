/**
 * The prefix tables answer as FlexSearch's forward index did (the index they replaced in
 * src/suggest/suggest-index.ts): builds both from the entries of a build's `suggest/index.json` —
 * FlexSearch configured exactly as the old code configured it — and compares, kind by kind, the ids
 * each gives for every prefix (1–8 characters) of every agency and title and of a seeded sample of
 * terms, of the labelled and paraphrase queries, and for two-part keys (`前缀 前缀`, which FlexSearch
 * intersected). Also reports each side's heap (forced GCs) and the time per lookup.
 *
 *   npx tsx --expose-gc test/bench/suggest-flexsearch-parity.ts /work/idx/int-laws
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Index } from 'flexsearch';
import { SUGGEST } from '../../src/config.ts';
import { currentBuildDir } from '../../src/persist/index-store.ts';
import { loadSuggestIndex } from '../../src/persist/suggest-store.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import { searchPrefixTable } from '../../src/suggest/prefix-table.ts';
import {
  SUGGESTION_KINDS,
  type SuggestEntries,
  type SuggestionKind,
} from '../../src/suggest/suggest-entries.ts';
import { normalizeSuggestPrefix } from '../../src/suggest/suggest-prefix.ts';
import { segmentWords } from '../../src/text/segment-words.ts';
import { tokenKeepingEncoder } from './peers/flexsearch.ts';

const indexDir = path.resolve(process.argv[2] ?? 'index-data');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heapMb = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

/** The old code's FlexSearch index (suggest-index.ts before version 3), verbatim. */
function createFlexIndex(): Index {
  const encoder = tokenKeepingEncoder();
  return new Index({ tokenize: 'forward', encoder, resolution: 1, fastupdate: false, cache: false });
}
function indexedText(kind: SuggestionKind, text: string): string {
  const whole = text.toLowerCase().replace(/\s+/g, '');
  if (kind === 'term') return whole;
  const words = segmentWords(whole).filter((word) => word.trim().length > 1);
  return [whole, ...new Set(words)].join(' ');
}

const prefixesOf = (text: string) => {
  const chars = [...text];
  return chars.slice(0, 8).map((_, i) => chars.slice(0, i + 1).join(''));
};

const buildDir = await currentBuildDir(indexDir);
const heapBefore = heapMb();
const index = await loadSuggestIndex(indexDir, buildDir);
const entries: SuggestEntries = index.entries;
void index.prefixes;
const heapTables = heapMb() - heapBefore;

const flex = {} as Record<SuggestionKind, Index>;
for (const kind of SUGGESTION_KINDS) {
  flex[kind] = createFlexIndex();
  entries[kind].forEach((entry, id) => {
    flex[kind].add(id, indexedText(kind, entry.text));
  });
}
const heapFlex = heapMb() - heapBefore - heapTables;

const next = seededRandom(15); // a seeded sample: every run asks the same prefixes
const keys = new Set<string>();
const fixtures = ['labeled-queries.json', 'paraphrase-queries.json'];
for (const name of fixtures) {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures', name);
  for (const { query } of JSON.parse(readFileSync(file, 'utf8')) as { query: string }[]) {
    for (const prefix of prefixesOf(query)) keys.add(normalizeSuggestPrefix(prefix));
  }
}
for (const kind of SUGGESTION_KINDS) {
  const list = entries[kind];
  const sample = kind === 'term' ? 3_000 : list.length;
  for (let i = 0; i < sample; i++) {
    const entry = list[kind === 'term' ? Math.floor(next() * list.length) : i];
    if (!entry) continue;
    for (const prefix of prefixesOf(entry.text)) keys.add(normalizeSuggestPrefix(prefix));
  }
}
const singles = [...keys].filter((key) => key !== '');
for (let i = 0; i < 2_000; i++) {
  const a = singles[Math.floor(next() * singles.length)] as string;
  const b = singles[Math.floor(next() * singles.length)] as string;
  keys.add(`${a.slice(0, 2)} ${b.slice(0, 1 + Math.floor(next() * 3))}`);
}

const limit = SUGGEST.maxLimit * 2;
let compared = 0;
const differences: string[] = [];
const timing = { flex: 0, tables: 0 };
for (const key of keys) {
  if (key === '') continue;
  for (const kind of SUGGESTION_KINDS) {
    let started = performance.now();
    const expected = flex[kind].search(key, { limit }) as number[];
    timing.flex += performance.now() - started;
    started = performance.now();
    const actual = searchPrefixTable(index.prefixes[kind], key, limit);
    timing.tables += performance.now() - started;
    compared++;
    if (JSON.stringify(expected) !== JSON.stringify(actual) && differences.length < 10) {
      differences.push(
        `${kind} "${key}": flexsearch ${JSON.stringify(expected)} tables ${JSON.stringify(actual)}`,
      );
    }
  }
}
console.log(
  JSON.stringify({
    indexDir,
    keys: keys.size,
    lookupsCompared: compared,
    differences: differences.length,
    heapPrefixTablesMb: Math.round(heapTables),
    heapFlexSearchMb: Math.round(heapFlex),
    microsecondsPerLookup: {
      flexsearch: Math.round((timing.flex / compared) * 1000 * 100) / 100,
      tables: Math.round((timing.tables / compared) * 1000 * 100) / 100,
    },
  }),
);
for (const line of differences) console.log(line);
if (differences.length > 0) process.exitCode = 1;
