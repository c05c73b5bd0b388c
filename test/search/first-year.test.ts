/**
 * The first year each timeline mode names for measures whose true first year was read from the corpus
 * (test/fixtures/first-year-gold.json). On the seeds always; on the laws plus the seeds when such an
 * index is at hand (LAWS_INDEX_DIR, or the one `npm run eval` built) — building one takes minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedIndex } from '../../src/persist/loaded-index.ts';
import { openIndex } from '../../src/persist/open-index.ts';
import { createSearcher, type Searcher } from '../../src/search/searcher.ts';
import type { SearchMode } from '../../src/types.ts';
import { existingLawsIndexDir } from '../eval/eval-indexes.ts';
import { firstYearGold } from '../eval/first-year.ts';
import { seedSearcher } from '../helpers/seed-index.ts';

const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
const GOLD = firstYearGold();
const CASES = MODES.flatMap((mode) => GOLD.map((entry) => [entry.measure, mode, entry] as const));

describe('the timeline on the seeds', () => {
  let searcher: Searcher;
  beforeAll(async () => {
    searcher = await seedSearcher();
  });

  it.each(CASES)('dates %s (%s) to its first year', async (measure, mode, gold) => {
    const timeline = await searcher.timeline(measure, mode);
    expect(timeline.first?.year).toBe(gold.seeds.firstYear);
  });
});

const lawsIndexDir = await existingLawsIndexDir();

describe.skipIf(lawsIndexDir === null)('the timeline on the laws and the seeds', () => {
  let index: OpenedIndex;
  let searcher: Searcher;
  beforeAll(async () => {
    index = await openIndex(lawsIndexDir as string);
    searcher = createSearcher(index);
  });
  afterAll(() => index?.close());

  it.each(CASES)('dates %s (%s) to its first year', async (measure, mode, gold) => {
    const timeline = await searcher.timeline(measure, mode);
    expect(timeline.first?.year).toBe(gold.laws.firstYear);
  });

  it('names 上海市科学技术进步条例 (2010) as the first statement of 知识产权质押融资 on the default page', async () => {
    const timeline = await searcher.timeline('知识产权质押融资', 'hybrid');
    expect(timeline.first).toMatchObject({ year: 2010, title: '上海市科学技术进步条例' });
    expect(timeline.first?.text).toContain('知识产权质押融资');
  });
});
