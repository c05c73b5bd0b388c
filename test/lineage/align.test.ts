import { describe, expect, it } from 'vitest';
import { LINEAGE } from '../../src/config.ts';
import {
  type AlignThresholds,
  alignUnits,
  assignOneToOne,
  byScoreDescending,
} from '../../src/lineage/align.ts';
import { scorePairs } from '../../src/lineage/pair-scores.ts';
import { profileUnits } from '../../src/lineage/unit-profile.ts';
import type { MeasureUnit } from '../../src/lineage/units.ts';

const units = (texts: string[], agencies: string[] = []): MeasureUnit[] =>
  texts.map((text, index) => ({
    index,
    paragraphId: `p${index}`,
    ordinal: index,
    text,
    kind: 'measure',
    agencies,
  }));

const THRESHOLDS: AlignThresholds = LINEAGE.thresholds;
const NO_EXTRAS = { anchor: 0, agency: 0, semantic: 0, semanticBase: 0.5, context: 0, clause: 0 };

function align(fromTexts: string[], toTexts: string[], thresholds: AlignThresholds = THRESHOLDS) {
  const from = units(fromTexts);
  const to = units(toTexts);
  const profiles = profileUnits(from, to);
  const pairs = scorePairs(profiles, {
    weights: NO_EXTRAS,
    limits: LINEAGE.candidates,
  });
  return alignUnits(from, to, pairs, thresholds);
}

const pair = (from: number, to: number, score: number) => ({
  from,
  to,
  score,
  cosine: score,
  fromInTo: score,
  toInFrom: score,
});

describe('assignOneToOne', () => {
  it('maximizes the summed score instead of taking the best pair first', () => {
    // Greedy would take 0→0 (0.9) and leave 1 with nothing; the optimum pairs 0→1 and 1→0.
    const chosen = assignOneToOne([pair(0, 0, 0.9), pair(0, 1, 0.8), pair(1, 0, 0.85)]);
    expect(chosen.map(({ from, to }) => [from, to]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('never pairs what no candidate joins', () => {
    expect(assignOneToOne([pair(0, 0, 0.5), pair(1, 1, 0.4)]).map(({ from, to }) => [from, to])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

describe('alignUnits', () => {
  it('follows measures that moved, and leaves the unmatched as new and dropped', () => {
    const result = align(
      [
        '优化升级知识产权服务业集聚区',
        '促进海外知识产权纠纷应对指导中心高效运行',
        '加快推进知识产权证券化试点',
      ],
      [
        '加强海外知识产权纠纷应对指导机制建设',
        '以效益为导向做好中国专利奖评选工作',
        '推进知识产权服务业集聚区优化升级',
      ],
    );
    expect(result.links.map((link) => [link.from, link.to, link.status])).toEqual([
      [[0], [2], 'modified'],
      [[1], [0], 'modified'],
    ]);
    expect(result.onlyFrom).toEqual([2]);
    expect(result.onlyTo).toEqual([1]);
  });

  it('calls an identical measure continued, and one whose target changed modified with the numbers', () => {
    const result = align(
      ['健全知识产权对外转让审查制度', '发明专利审查周期压减至18.5个月'],
      ['健全知识产权对外转让审查制度', '发明专利审查周期压减至16个月'],
    );
    expect(result.links.map((link) => [link.from, link.to, link.status])).toEqual([
      [[0], [0], 'continued'],
      [[1], [1], 'modified'],
    ]);
    expect(result.links[1]?.changes.numbers).toEqual({ removed: ['18.5个月'], added: ['16个月'] });
  });

  it('does not force a weak pair: below the link score it is uncertain, below the floor unmatched', () => {
    const strict = { ...THRESHOLDS, link: 0.99, uncertain: 0.01 };
    const weak = align(['推进知识产权保护信息平台项目建设'], ['加快建设国家知识产权保护信息平台'], strict);
    expect(weak.links.map((link) => link.status)).toEqual(['uncertain']);
    const none = align(['推进知识产权保护信息平台项目建设'], ['加快建设国家知识产权保护信息平台'], {
      ...strict,
      uncertain: 0.99,
    });
    expect(none.links).toEqual([]);
    expect([none.onlyFrom, none.onlyTo]).toEqual([[0], [0]]);
  });

  it('joins a split: a later unit contained in an earlier, already linked one', () => {
    const result = align(
      ['做好商标法修改准备，加快商标代理管理办法等规章的制修订'],
      ['做好商标法修改准备工作', '加快商标代理管理办法等规章的制修订'],
    );
    expect(result.links.map((link) => [link.from, link.to])).toEqual([[[0], [0, 1]]]);
    expect(result.links[0]?.status).toBe('modified');
  });

  it('joins a merge: an earlier unit contained in a later, already linked one', () => {
    const result = align(
      [
        '各地方知识产权局要高度重视，确保各项工作落实到位',
        '要在2021年12月15日前报送推动知识产权高质量发展成效',
      ],
      ['各地方知识产权局要高度重视，确保各项工作落实到位，于2023年12月15日前报送推动知识产权高质量发展成效'],
    );
    expect(result.links.map((link) => [link.from, link.to])).toEqual([[[0, 1], [0]]]);
  });
});

describe('clause scores', () => {
  const long = [
    '严格实施知识产权侵权惩罚性赔偿制度，建立更加顺畅的知识产权保护衔接机制，知识产权保护社会满意度达到较高水平',
  ];
  const short = ['知识产权保护满意度保持较高水平，持续激发市场主体活力'];
  // Other measures of the two documents, so that bigrams both units share are rare (weigh much).
  const others = ['加快发展知识产权金融服务', '优化升级知识产权服务业集聚区', '深化知识产权国际合作'];
  const scoreWith = (clause: number) => {
    const profiles = profileUnits(units([...long, ...others]), units([...short, ...others]));
    return scorePairs(profiles, {
      weights: { ...NO_EXTRAS, clause },
      limits: LINEAGE.candidates,
    })
      .list()
      .find((scored) => scored.from === 0 && scored.to === 0);
  };

  it('lets one clause of a sentence that states several measures match its counterpart', () => {
    const whole = scoreWith(0);
    const byClause = scoreWith(0.55);
    expect(whole?.score).toBeCloseTo(whole?.cosine ?? -1, 9);
    expect(byClause?.cosine).toBeCloseTo(whole?.cosine ?? -1, 9);
    expect(byClause?.score ?? 0).toBeGreaterThan((whole?.score ?? 0) + 0.05);
  });
});

describe('byScoreDescending', () => {
  // What the greedy assignment's order was: a stable sort, highest score first.
  const withComparator = (scores: number[]) =>
    scores
      .map((score, at) => ({ score, at }))
      .sort((a, b) => (b.score > a.score ? 1 : b.score < a.score ? -1 : 0))
      .map(({ at }) => at);
  // A small generator of its own, so a failure repeats.
  const random = (seed: number) => () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const next = random(11);
  it.each([
    ['no pairs', []],
    ['one pair', [0.3]],
    ['ties keep the order they were scored in', [0.2, 0.5, 0.2, 0.5, 0.5, 0.1, 0.2]],
    ['all equal', [0.4, 0.4, 0.4, 0.4]],
    ['ascending', [0.1, 0.2, 0.3, 0.4, 0.5]],
    ['3,000 scores with many ties', Array.from({ length: 3000 }, () => Math.round(next() * 200) / 100)],
    ['3,000 distinct scores', Array.from({ length: 3000 }, () => next())],
  ])('orders %s as a stable descending sort does', (_name, scores) => {
    const pairs = scores.map((score, at) => pair(at, at, score));
    expect([...byScoreDescending(pairs)]).toEqual(withComparator(scores));
  });
});
