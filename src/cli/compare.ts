/**
 * Two documents' measures side by side from the command line:
 *   npm run compare -- <doc> [<doc>] [--json] [--csv] [--status continued,modified,uncertain,new,dropped] [--index DIR]
 * A document is named by its id or a part of its title; with one document, it is compared with the
 * previous edition of its series (or the next, when it is the first).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKOUT_ROOT } from '../checkout-paths.ts';
import { compareCsv } from '../contract/compare-csv.ts';
import { IndexLoadError } from '../errors.ts';
import type { CompareResponse, UnitRef } from '../lineage/compare.ts';
import { findDocument } from '../lineage/find-document.ts';
import { modelLocationFromEnv, openIndex } from '../persist/open-index.ts';
import { createSearcher } from '../search/searcher.ts';

const root = CHECKOUT_ROOT;

const USAGE = `Usage:
  npm run compare -- <doc> [<doc>] [--json | --csv] [--status continued,modified,uncertain,new,dropped]
  <doc>         a document id or a part of its title; one document is compared with its previous edition
  --index DIR   index folder (default: index-data/, or INDEX_DIR)`;

const STATUSES = ['continued', 'modified', 'uncertain', 'new', 'dropped'] as const;
const LABELS: Record<(typeof STATUSES)[number], string> = {
  continued: '延续',
  modified: '调整',
  uncertain: '待定',
  new: '新增',
  dropped: '删除',
};

/** Thrown for arguments the user must fix: printed without a stack, exit code 2. */
class UsageError extends Error {}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      status: { type: 'string' },
      index: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length < 1 || positionals.length > 2) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const statuses = (values.status ?? STATUSES.join(',')).split(',').map((status) => status.trim());
  const unknown = statuses.filter((status) => !(STATUSES as readonly string[]).includes(status));
  if (unknown.length > 0)
    throw new UsageError(`--status takes ${STATUSES.join(', ')}; not ${unknown.join(', ')}.`);
  const indexDir = path.resolve(values.index ?? process.env.INDEX_DIR ?? path.join(root, 'index-data'));
  const index = await openIndex(indexDir, modelLocationFromEnv(process.env));
  try {
    const lineage = createSearcher(index).lineage();
    const named = positionals.map((name) => {
      const found = findDocument(index.corpus.documents, name);
      if ('error' in found) throw new UsageError(found.error);
      return found.document;
    });
    const first = named[0];
    if (!first) throw new UsageError(USAGE);
    let second = named[1];
    if (!second) {
      const editions = lineage.series(first.id) ?? [];
      const earlier = editions.filter((other) => (other.year ?? 0) < (first.year ?? 0));
      second = earlier.at(-1) ?? editions[0];
      if (!second)
        throw new UsageError(`“${first.title}” has no other edition in its series; name a second document.`);
    }
    const [from, to] = named.length === 1 ? [second, first] : [first, second];
    if (from.id === to.id) throw new UsageError('Name two different documents.');
    const comparison = lineage.compare(from.id, to.id);
    if (!comparison) throw new UsageError('No such documents.');
    if (values.json) console.log(JSON.stringify(comparison, null, 2));
    else if (values.csv) process.stdout.write(compareCsv(comparison));
    else console.log(formatComparison(comparison, new Set(statuses)));
    return 0;
  } finally {
    await index.close();
  }
}

const textOf = (units: UnitRef[]) => units.map((unit) => unit.text).join(' ＋ ');

function formatComparison(comparison: CompareResponse, statuses: Set<string>): string {
  const { summary } = comparison;
  const lines = [
    `${comparison.from.year ?? '—'} ${comparison.from.title}  →  ${comparison.to.year ?? '—'} ${comparison.to.title}`,
    `延续 continued ${summary.continued} · 调整 modified ${summary.modified} · 待定 uncertain ${summary.uncertain} · 新增 new ${summary.new} · 删除 dropped ${summary.dropped}`,
  ];
  for (const link of comparison.links) {
    if (!statuses.has(link.status)) continue;
    lines.push(
      '',
      `[${LABELS[link.status]}] ${link.score.toFixed(2)}`,
      `  − ${textOf(link.from)}`,
      `  + ${textOf(link.to)}`,
    );
    const { numbers, agenciesAdded, agenciesRemoved } = link.changes;
    const changes = [
      numbers.removed.length + numbers.added.length > 0
        ? `数字 ${numbers.removed.join(' ') || '—'} → ${numbers.added.join(' ') || '—'}`
        : '',
      agenciesAdded.length > 0 ? `新增部门 ${agenciesAdded.join('、')}` : '',
      agenciesRemoved.length > 0 ? `删去部门 ${agenciesRemoved.join('、')}` : '',
    ].filter(Boolean);
    if (changes.length > 0) lines.push(`  ${changes.join('；')}`);
  }
  if (statuses.has('dropped'))
    for (const unit of comparison.onlyFrom) lines.push('', `[${LABELS.dropped}]`, `  − ${unit.text}`);
  if (statuses.has('new'))
    for (const unit of comparison.onlyTo) lines.push('', `[${LABELS.new}]`, `  + ${unit.text}`);
  return lines.join('\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof IndexLoadError) console.error(error.message);
    else console.error(`The comparison failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
