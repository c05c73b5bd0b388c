/**
 * The labelled query sets the evaluation runs, read from test/fixtures and resolved against one
 * corpus: the keyword-style labelled set, and the paraphrase set split into its tuning and held-out
 * parts. A paraphrase query may also name law paragraphs (`relevantInLaws`); they count only when the
 * laws are indexed, and then every one of them must exist. With the laws indexed, each paraphrase part
 * is scored twice: with the labels written with the queries, and with those plus the law paragraphs
 * found relevant by pooled judging (`pooledInLaws`, test/eval/judging-pool.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Corpus, SearchFilters } from '../../src/types.ts';
import type { RelevantParagraph } from '../helpers/eval-metrics.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** A label's `source` that names every document under a folder (`laws/*`) rather than one file. */
const FOLDER_WILDCARD = '/*';

/** One query of a set with its relevant paragraphs resolved to seqs. */
export interface ResolvedQuery {
  id: string;
  query: string;
  filters: SearchFilters;
  relevant: Set<number>;
}

/** A named query set. */
export interface QuerySet {
  name: string;
  queries: ResolvedQuery[];
}

interface FixtureQuery {
  id: string;
  query: string;
  split?: 'tune' | 'holdout';
  filters?: SearchFilters;
  relevant: RelevantParagraph[];
  relevantInLaws?: RelevantParagraph[];
  pooledInLaws?: RelevantParagraph[];
}

/** Whether the corpus holds the laws collection (documents indexed under `laws/`). */
export function hasLaws(corpus: Corpus): boolean {
  return corpus.documents.some((document) => document.source.startsWith('laws/'));
}

/**
 * The seqs of the paragraphs the labels name. A label matches paragraphs of its source (or of every
 * source under a `folder/*`) whose text contains its substring; a label that matches nothing throws,
 * so a fixture cannot silently drift from the corpus.
 */
export function resolveLabels(corpus: Corpus, labels: RelevantParagraph[]): Set<number> {
  const sourceOf = new Map(corpus.documents.map((document) => [document.id, document.source]));
  const seqs = new Set<number>();
  for (const label of labels) {
    const folder = label.source.endsWith(FOLDER_WILDCARD) ? label.source.slice(0, -1) : null;
    const inSource = (source: string) => (folder ? source.startsWith(folder) : source === label.source);
    let found = false;
    corpus.paragraphs.forEach((paragraph, seq) => {
      if (inSource(sourceOf.get(paragraph.docId) ?? '') && paragraph.text.includes(label.contains)) {
        seqs.add(seq);
        found = true;
      }
    });
    if (!found) throw new Error(`No paragraph of ${label.source} contains "${label.contains}".`);
  }
  return seqs;
}

function readFixture(name: string): FixtureQuery[] {
  return JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as FixtureQuery[];
}

/** Which labels a query is scored with: the seeds' only, plus the laws' written ones, plus the pooled ones. */
type LabelScope = 'seeds' | 'laws' | 'pooled';

function resolveQuery(corpus: Corpus, entry: FixtureQuery, scope: LabelScope): ResolvedQuery {
  const labels = [
    ...entry.relevant,
    ...(scope === 'seeds' ? [] : (entry.relevantInLaws ?? [])),
    ...(scope === 'pooled' ? (entry.pooledInLaws ?? []) : []),
  ];
  return {
    id: entry.id,
    query: entry.query,
    filters: entry.filters ?? {},
    relevant: resolveLabels(corpus, labels),
  };
}

/** The labelled (keyword-style) set, with its filters, and the paraphrase set's tuning and held-out parts. */
export function querySets(corpus: Corpus): QuerySet[] {
  const scope: LabelScope = hasLaws(corpus) ? 'laws' : 'seeds';
  const paraphrases = readFixture('paraphrase-queries.json');
  const part = (split: 'tune' | 'holdout', labels: LabelScope) =>
    paraphrases
      .filter((entry) => (entry.split ?? 'tune') === split)
      .map((e) => resolveQuery(corpus, e, labels));
  const sets = [
    {
      name: 'labelled',
      queries: readFixture('labeled-queries.json').map((e) => resolveQuery(corpus, e, scope)),
    },
    { name: 'paraphrase (tuning)', queries: part('tune', scope) },
    { name: 'paraphrase (held out)', queries: part('holdout', scope) },
  ];
  if (scope === 'seeds' || !paraphrases.some((entry) => entry.pooledInLaws)) return sets;
  return [
    ...sets,
    { name: 'paraphrase (tuning, pooled labels)', queries: part('tune', 'pooled') },
    { name: 'paraphrase (held out, pooled labels)', queries: part('holdout', 'pooled') },
  ];
}
