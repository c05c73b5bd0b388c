/**
 * Latency of type-ahead suggestions on a built index (the laws corpus + seeds for BENCHMARKS.md):
 * loads the build's saved suggestion index (its prefix tables made from the saved pairs; files of
 * versions 1 and 2 are sorted on load), then asks it every prefix of the labelled and paraphrase queries and of a seeded sample
 * of its own entries (1–8 characters, plus traditional-script forms), in process and through the
 * HTTP route, one request at a time.
 *
 *   flock /work/coord/heavy.lock npx tsx test/bench/suggest-latency.ts /work/idx/tools-laws
 *
 * Writes the `bench-suggest` section of BENCHMARKS.md (set BENCH_WRITE=0 to only print it).
 */
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SUGGEST } from '../../src/config.ts';
import { currentBuildDir } from '../../src/persist/index-store.ts';
import { loadSuggestIndex, SUGGEST_FILE } from '../../src/persist/suggest-store.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { createApp } from '../../src/server/app.ts';
import { createHttpServer } from '../../src/server/http-server.ts';
import { SUGGESTION_KINDS } from '../../src/suggest/suggest-entries.ts';
import { searchSuggestions } from '../../src/suggest/suggest-index.ts';
import { machineLine, writeSection } from './benchmarks-file.ts';
import { summarizeLatency } from './stats.ts';

const FIXTURES = ['labeled-queries.json', 'paraphrase-queries.json'];
const SAMPLED_ENTRIES_PER_KIND = 400;
const TIMED_PASSES = 5;
const HTTP_REQUESTS = 3_000;
/** Traditional-script prefixes, which go through the same normalization as queries. */
const TRADITIONAL = ['智慧財產', '智慧財產權質押', '專利', '商標註冊', '數據智慧財產'];

/** Mulberry32: a seeded sample, so every run asks the same prefixes. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function prefixesOf(text: string, maxLength = 8): string[] {
  const chars = [...text];
  return chars.slice(0, maxLength).map((_, i) => chars.slice(0, i + 1).join(''));
}

async function main(): Promise<void> {
  const indexDir = path.resolve(process.argv[2] ?? process.env.INDEX_DIR ?? 'index-data');
  const buildDir = await currentBuildDir(indexDir);
  const loadStarted = performance.now();
  const index = await loadSuggestIndex(indexDir, buildDir);
  const loadMs = performance.now() - loadStarted;
  const fileMB = statSync(path.join(buildDir, SUGGEST_FILE)).size / 1024 ** 2;
  const manifest = JSON.parse(readFileSync(path.join(buildDir, 'manifest.json'), 'utf8')) as {
    builtAt: string;
    documents: number;
    paragraphs: number;
  };

  const prefixes: string[] = [...TRADITIONAL];
  for (const fixture of FIXTURES) {
    const file = new URL(`../fixtures/${fixture}`, import.meta.url);
    for (const { query } of JSON.parse(readFileSync(file, 'utf8')) as { query: string }[]) {
      prefixes.push(...prefixesOf(query));
    }
  }
  const next = random(12);
  for (const kind of SUGGESTION_KINDS) {
    const entries = index.entries[kind];
    for (let i = 0; i < SAMPLED_ENTRIES_PER_KIND && entries.length > 0; i++) {
      const entry = entries[Math.floor(next() * entries.length)];
      if (entry) prefixes.push(...prefixesOf(entry.text));
    }
  }

  const limit = SUGGEST.defaultLimit;
  for (const prefix of prefixes) searchSuggestions(index, prefix, limit);
  const inProcess: number[] = [];
  let empty = 0;
  for (let pass = 0; pass < TIMED_PASSES; pass++) {
    for (const prefix of prefixes) {
      const started = performance.now();
      const found = searchSuggestions(index, prefix, limit);
      inProcess.push(performance.now() - started);
      if (pass === 0 && found.length === 0) empty++;
    }
  }

  // The route alone needs only `suggest`; the rest of the searcher is never called here.
  const searcher = {
    suggest: (q: string, n: number) => searchSuggestions(index, q, n),
  } as unknown as Searcher;
  const server = createHttpServer(createApp(searcher, { rateLimit: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const overHttp: number[] = [];
  for (let i = 0; i < HTTP_REQUESTS + 200; i++) {
    const prefix = prefixes[i % prefixes.length] ?? '知';
    const started = performance.now();
    const response = await fetch(`${base}/api/suggest?q=${encodeURIComponent(prefix)}&limit=${limit}`);
    await response.json();
    if (i >= 200) overHttp.push(performance.now() - started);
  }
  server.closeAllConnections();
  server.close();

  const a = summarizeLatency(inProcess);
  const h = summarizeLatency(overHttp);
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const plural = { term: 'terms', agency: 'agencies', title: 'titles' } as const;
  const counts = SUGGESTION_KINDS.map(
    (kind) => `${index.entries[kind].length.toLocaleString('en')} ${plural[kind]}`,
  ).join(', ');
  const body = `## Type-ahead suggestions (\`npx tsx test/bench/suggest-latency.ts ${indexDir}\`)

${machineLine()}

Index: \`${indexDir}\` (built by \`npx tsx indexer/main.ts --input /work/idx/laws-input --out ${indexDir} --embedder corpus\`:
laws + seeds, ${manifest.documents.toLocaleString('en')} documents, ${manifest.paragraphs.toLocaleString('en')} paragraphs, built ${manifest.builtAt}). Suggestion index: ${counts}; \`${SUGGEST_FILE}\` ${fileMB.toFixed(1)} MB, read and parsed in ${(loadMs / 1000).toFixed(2)} s.
Prefixes: every prefix (≤ 8 characters) of the ${FIXTURES.join(' and ')} queries and of ${SAMPLED_ENTRIES_PER_KIND} seeded random entries of each kind, plus ${TRADITIONAL.length} traditional-script prefixes — ${prefixes.length.toLocaleString('en')} prefixes (${empty} with no suggestion), limit ${limit}.

| path | requests | p50 | p95 | p99 | mean |
|---|---|---|---|---|---|
| \`searchSuggestions\` in process (normalize + 3 prefix-table lookups + quota), ${TIMED_PASSES} passes after one warm-up | ${a.count.toLocaleString('en')} | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.p99)} | ${ms(a.mean)} |
| \`GET /api/suggest\` over loopback HTTP, one at a time (the full middleware stack) | ${h.count.toLocaleString('en')} | ${ms(h.p50)} | ${ms(h.p95)} | ${ms(h.p99)} | ${ms(h.mean)} |
`;
  console.log(body);
  if (process.env.BENCH_WRITE !== '0') await writeSection('bench-suggest', body);
}

await main();
