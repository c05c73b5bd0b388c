/**
 * Reads a main-thread CPU profile of the server (`server-diagnostics.mjs` with `SERVER_CPU_PROFILE`,
 * or `node --cpu-prof`) and prints its self time by part of the request path: each sample goes to the
 * innermost frame of its stack that belongs to a part (the search's phases by source file, HTTP by
 * Node's own modules, GC and idle by V8's pseudo-frames); frames of shared helpers (text
 * normalization, the corpus view, Node's buffers) pass the sample on to their caller's part. Frames
 * of a bundle (`npm run serve`) are mapped back to their source files through the bundle's source maps.
 *
 *   node --import tsx test/bench/cpu-profile-kinds.ts FILE.cpuprofile [--requests 'kind=n,…'] [--top 25]
 *
 * `--requests` (the diagnostics' request counts) adds a column of microseconds per request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' }, requests: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: cpu-profile-kinds.ts FILE.cpuprofile [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** Source maps of bundle files, by URL (null: none). */
const maps = new Map<string, SourceMap | null>();
function sourceOf(frame: CallFrame): string {
  const { url } = frame;
  if (!url.startsWith('file://')) return url;
  let map = maps.get(url);
  if (map === undefined) {
    const path = `${fileURLToPath(url)}.map`;
    map = existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null;
    maps.set(url, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string }
    | undefined;
  const source = entry?.originalSource ?? url;
  const at = source.search(/(src|node_modules|test)\//u);
  return at === -1 ? source : source.slice(at);
}

/** A part of the request path, by the source file (or pseudo-frame) of a frame; undefined: a shared helper. */
function partOf(source: string, name: string): string | undefined {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return '(program: native, outside JavaScript)';
  if (name === '(root)') return 'other';
  const parts: [RegExp, string][] = [
    [/src\/search\/facets\.ts/u, 'facets'],
    [/src\/keyword\/snippet\.ts|src\/search\/hits\.ts|src\/keyword\/text-match\.ts/u, 'snippets (hits)'],
    [/src\/search\/(fuse|hybrid-ranking)\.ts/u, 'fusion (hybrid)'],
    [
      /src\/search\/(semantic-ranking)\.ts|src\/persist\/semantic-thread\.ts|piscina|node:internal\/worker/u,
      'semantic half: posting, answers',
    ],
    [/src\/search\/keyword-half\.ts/u, 'keyword half (hybrid)'],
    [
      /src\/keyword\/|src\/search\/(keyword-ranking|coverage-ranking|concept-groups|rank-paragraphs)\.ts/u,
      'keyword ranking',
    ],
    [/src\/search\/prepare-query\.ts|src\/text\/query-thesaurus\.ts/u, 'query parse'],
    [/src\/search\/result-cache\.ts/u, 'result cache'],
    [/src\/server\/json-body\.ts/u, 'serialize'],
    [/src\/server\/routes\/documents\.ts/u, 'document route'],
    [/src\/server\/routes\/paragraphs\.ts/u, 'paragraph route'],
    [/src\/search\/searcher\.ts/u, 'searcher (documents, paragraphs, page)'],
    [/src\/server\//u, 'request path (lean path, routes, timing)'],
    [/node:_http_|node:internal\/http|node:http/u, 'HTTP: parse, write'],
    [/node:net|node:internal\/stream|node:stream|node:internal\/streams/u, 'socket, streams'],
    [
      /node:internal\/process\/task_queues|node:internal\/timers|node:timers/u,
      'event loop: timers, microtasks',
    ],
  ];
  for (const [pattern, part] of parts) if (pattern.test(source)) return part;
  return undefined;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
for (const node of profile.nodes)
  for (const child of node.children ?? []) {
    const found = byId.get(child);
    if (found) found.parent = node.id;
  }
/** Each node's part (innermost matching frame from it up) and its own label. */
const partOfNode = new Map<number, string>();
function nodePart(id: number): string {
  const known = partOfNode.get(id);
  if (known !== undefined) return known;
  const node = byId.get(id);
  if (!node) return 'other';
  const part =
    partOf(sourceOf(node.callFrame), node.callFrame.functionName) ??
    (node.parent === undefined ? 'other' : nodePart(node.parent));
  partOfNode.set(id, part);
  return part;
}

const partMs = new Map<string, number>();
const leafMs = new Map<string, number>();
let totalMs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] ?? 0;
  const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
  totalMs += ms;
  const part = nodePart(id);
  partMs.set(part, (partMs.get(part) ?? 0) + ms);
  const node = byId.get(id);
  if (node) {
    const label = `${node.callFrame.functionName || '(anonymous)'} ${sourceOf(node.callFrame)} [${part}]`;
    leafMs.set(label, (leafMs.get(label) ?? 0) + ms);
  }
}
const requests = Object.fromEntries(
  (values.requests ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [kind = '', n = '0'] = pair.split('=');
      return [kind, Number(n)];
    }),
);
const allRequests = Object.values(requests).reduce((a, b) => a + b, 0);
const busyMs = totalMs - (partMs.get('idle') ?? 0);
console.log(
  `profile ${file}: ${(totalMs / 1000).toFixed(1)} s, busy ${(busyMs / 1000).toFixed(1)} s (${((busyMs / totalMs) * 100).toFixed(0)} %)${allRequests ? `, ${allRequests} requests` : ''}`,
);
console.log(`\n| part | self ms | % of busy |${allRequests ? ' µs per request (all kinds) |' : ''}`);
console.log(`|---|---:|---:|${allRequests ? '---:|' : ''}`);
for (const [part, ms] of [...partMs].sort((a, b) => b[1] - a[1])) {
  const share = part === 'idle' ? '—' : `${((ms / busyMs) * 100).toFixed(1)} %`;
  console.log(
    `| ${part} | ${ms.toFixed(0)} | ${share} |${allRequests ? ` ${((ms * 1000) / allRequests).toFixed(0)} |` : ''}`,
  );
}
console.log(`\ntop ${values.top} functions by self time:`);
for (const [label, ms] of [...leafMs].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(
    `  ${ms.toFixed(0).padStart(6)} ms ${((ms / busyMs) * 100).toFixed(1).padStart(5)} %  ${label}`,
  );
}
