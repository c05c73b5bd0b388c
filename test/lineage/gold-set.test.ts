/**
 * The lineage gold set (test/fixtures/lineage-gold.json) pinned: link precision / recall / F1 per
 * pair, unit-pair and paragraph-level figures, label accuracy on matched links, the status confusion
 * table, hard negatives — and the baseline "top-1 of /similar above a fixed threshold" beside it.
 * The figures move only on purpose; `npx tsx test/bench/lineage-gold.ts` prints them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createLineageService } from '../../src/lineage/lineage-service.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import { createSearcher } from '../../src/search/searcher.ts';
import { BASELINE_THRESHOLD, baselineParagraphPairs, docIdOfSource } from '../helpers/lineage-baseline.ts';
import { evaluatePair, type GoldPair, loadGold, type PairFigures } from '../helpers/lineage-gold.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const gold = loadGold();
let index: LoadedIndex;
const ours = new Map<string, PairFigures>();
const lexical = new Map<string, PairFigures>();
const baseline = new Map<string, PairFigures>();

beforeAll(async () => {
  index = await seedIndex();
  const searcher = createSearcher(index);
  const service = createLineageService(index);
  const lexicalService = createLineageService(index, { useEmbeddings: false });
  for (const pair of gold.pairs) {
    const ids = [docIdOfSource(index, pair.from), docIdOfSource(index, pair.to)] as const;
    const response = service.compare(...ids);
    const lexicalResponse = lexicalService.compare(...ids);
    if (!response || !lexicalResponse) throw new Error(`no comparison for ${pair.name}`);
    ours.set(pair.name, evaluatePair(pair, response));
    lexical.set(pair.name, evaluatePair(pair, lexicalResponse));
    baseline.set(
      pair.name,
      evaluatePair(pair, response, await baselineParagraphPairs(searcher, response, BASELINE_THRESHOLD)),
    );
  }
}, 120_000);

const figuresOf = (map: Map<string, PairFigures>, name: string) => map.get(name) as PairFigures;

describe('the gold set', () => {
  it('reaches the issue’s targets on the 2021↔2023 guidelines: link F1 ≥ 0.8, label accuracy ≥ 0.8', () => {
    const figures = figuresOf(ours, 'guideline-2021-to-2023');
    expect(figures.links.f1).toBeGreaterThanOrEqual(0.8);
    expect(figures.labelAccuracy).toBeGreaterThanOrEqual(0.8);
  });

  it('has at least 60 links over three pairs, the 2021↔2023 guidelines first, and a held-out pair', () => {
    expect(
      gold.pairs.reduce((sum: number, pair: GoldPair) => sum + pair.links.length, 0),
    ).toBeGreaterThanOrEqual(60);
    expect(gold.pairs[0]?.name).toBe('guideline-2021-to-2023');
    expect(gold.pairs.map((pair) => pair.split)).toEqual(['tune', 'tune', 'heldout']);
    for (const pair of gold.pairs) {
      expect(pair.onlyFrom.length + pair.onlyTo.length).toBeGreaterThan(0);
      expect(pair.negatives.length).toBeGreaterThan(0);
    }
  });
});

// name, link P / R / F1, unit-pair F1, paragraph F1, label accuracy, negatives linked, baseline paragraph F1
const PINNED = [
  ['guideline-2021-to-2023', 0.838, 0.775, 0.805, 0.697, 0.878, 1, 2, 0.75],
  ['tasklist-2020-to-guideline-2021', 0.783, 0.783, 0.783, 0.679, 0.783, 1, 0, 0.417],
  ['workplan-2021-to-guideline-2023', 0.813, 0.619, 0.703, 0.591, 0.813, 1, 1, 0.143],
] as const;

describe.each(PINNED)(
  '%s',
  (name, precision, recall, f1, unitF1, paragraphF1, labels, negatives, baselineF1) => {
    it('keeps its link precision, recall and F1', () => {
      const figures = figuresOf(ours, name);
      expect(figures.links.precision).toBeCloseTo(precision, 3);
      expect(figures.links.recall).toBeCloseTo(recall, 3);
      expect(figures.links.f1).toBeCloseTo(f1, 3);
      expect(figures.units.f1).toBeCloseTo(unitF1, 3);
      expect(figures.paragraphs.f1).toBeCloseTo(paragraphF1, 3);
    });

    it('labels matched links continued / modified as the gold does, and links few hard negatives', () => {
      const figures = figuresOf(ours, name);
      expect(figures.labelAccuracy).toBeCloseTo(labels, 3);
      expect(figures.negativesLinked).toBe(negatives);
    });

    it('beats the /similar top-1 baseline at paragraph level', () => {
      const base = figuresOf(baseline, name);
      expect(base.paragraphs.f1).toBeCloseTo(baselineF1, 3);
      expect(figuresOf(ours, name).paragraphs.f1).toBeGreaterThan(base.paragraphs.f1);
    });

    it('needs no embeddings: the lexical-only comparison gives the same links', () => {
      expect(figuresOf(lexical, name).links).toEqual(figuresOf(ours, name).links);
    });
  },
);

describe('guideline-2021-to-2023 status confusion', () => {
  it('matches the table in the README', () => {
    expect(figuresOf(ours, 'guideline-2021-to-2023').confusion).toEqual({
      modified: { modified: 29, elsewhere: 13, none: 4, uncertain: 1 },
      continued: { continued: 2 },
      dropped: { dropped: 13, uncertain: 5, modified: 1 },
      new: { new: 14, modified: 3, uncertain: 3 },
    });
  });
});
