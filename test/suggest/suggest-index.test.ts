import { describe, expect, it } from 'vitest';
import { buildCorpusSuggestions } from '../../src/suggest/build-suggestions.ts';
import type { SuggestEntries } from '../../src/suggest/suggest-entries.ts';
import {
  buildSuggestIndex,
  exportSuggestIndex,
  importSuggestIndex,
  lazySuggestIndexOf,
  SUGGEST_FORMAT_VERSION,
  type SuggestIndex,
  searchSuggestions,
} from '../../src/suggest/suggest-index.ts';
import { tinyCorpus } from '../keyword/tiny-corpus.ts';

const entries: SuggestEntries = {
  term: [
    { text: '知识产权', count: 90 },
    { text: '知识产权保护', count: 40 },
    { text: '知识产权局', count: 30 },
    { text: '知识产权质押融资', count: 12 },
    { text: '知识', count: 8 },
    { text: '知识产权运用', count: 5 },
    { text: '知识产权服务', count: 4 },
    { text: '知识产权金融', count: 3 },
    { text: '知识产权人才', count: 2 },
    { text: '专利', count: 50 },
    { text: 'pct申请', count: 3 },
  ],
  agency: [
    { text: '知识产权局', count: 20 },
    { text: '国家知识产权局', count: 10 },
  ],
  title: [
    { text: '知识产权强国建设纲要和“十四五”规划实施年度推进计划', count: 1 },
    { text: '2021年知识产权工作要点', count: 1 },
  ],
};

const texts = (index: SuggestIndex, prefix: string, limit = 8) =>
  searchSuggestions(index, prefix, limit).map((s) => `${s.kind}:${s.text}`);

describe('searchSuggestions', () => {
  const index = buildSuggestIndex(entries);

  it('gives completions of the prefix, terms most frequent first, then agencies and titles (two places each kept)', () => {
    expect(texts(index, '知识产', 8)).toEqual([
      'term:知识产权',
      'term:知识产权保护',
      'term:知识产权质押融资',
      'term:知识产权运用',
      'term:知识产权服务',
      'agency:知识产权局',
      'title:知识产权强国建设纲要和“十四五”规划实施年度推进计划',
      'title:2021年知识产权工作要点',
    ]);
  });

  it('lists a name that is both a term and an agency once, as the agency', () => {
    const found = searchSuggestions(index, '知识产权局', 8);
    expect(found).toEqual([{ text: '知识产权局', kind: 'agency', count: 20 }]);
  });

  it('finds titles and agencies by a word inside them', () => {
    expect(texts(index, '十四五')).toEqual(['title:知识产权强国建设纲要和“十四五”规划实施年度推进计划']);
    expect(texts(index, '国家知识')).toEqual(['agency:国家知识产权局']);
  });

  it('hands the share titles and agencies leave unused to terms, and the reverse', () => {
    expect(texts(index, '专')).toEqual(['term:专利']);
    expect(texts(index, '知识', 3)).toEqual([
      'term:知识产权',
      'agency:知识产权局',
      'title:知识产权强国建设纲要和“十四五”规划实施年度推进计划',
    ]);
  });

  it.each([
    ['traditional script', '知識產權質押'],
    ['a Taiwan phrase cut short', '智慧財產權質押'],
  ])('normalizes the prefix like a query: %s', (_label, prefix) => {
    expect(texts(index, prefix)).toEqual(['term:知识产权质押融资']);
  });

  it('matches Latin terms case-insensitively, and nothing for an empty prefix', () => {
    expect(texts(index, 'PCT')).toEqual(['term:pct申请']);
    expect(texts(index, '  ')).toEqual([]);
  });
});

describe('exportSuggestIndex / importSuggestIndex', () => {
  const index = buildSuggestIndex(entries);

  it('gives the same suggestions after a round trip through JSON', () => {
    const restored = importSuggestIndex(JSON.parse(JSON.stringify(exportSuggestIndex(index))));
    for (const prefix of ['知', '知识产', '十四五', '国家', 'pc', '专利']) {
      expect(texts(restored, prefix)).toEqual(texts(index, prefix));
    }
  });

  it('saves the entries and each kind’s sorted pairs, and reads them back without sorting again', () => {
    const built = buildCorpusSuggestions(tinyCorpus());
    const saved = exportSuggestIndex(built);
    expect(Object.keys(saved)).toEqual(['version', 'entries', 'prefixes']);
    expect(saved.version).toBe(SUGGEST_FORMAT_VERSION);
    const restored = importSuggestIndex(JSON.parse(JSON.stringify(saved)));
    for (const prefix of ['知', '知识', '质押', '2021']) {
      expect(texts(restored, prefix)).toEqual(texts(built, prefix));
    }
    expect(texts(built, '知识').length).toBeGreaterThan(0);
    // An index whose tables are made gives the same pairs back (they are not kept twice).
    expect(exportSuggestIndex(restored)).toEqual(saved);
  });

  it('keeps an entry whose indexed word is not its text (capitals, spaces) through export and import twice', () => {
    const mixed: SuggestEntries = { ...entries, title: [{ text: 'PCT 国际申请 指南', count: 1 }] };
    const first = importSuggestIndex(
      JSON.parse(JSON.stringify(exportSuggestIndex(buildSuggestIndex(mixed)))),
    );
    void first.prefixes;
    const second = importSuggestIndex(JSON.parse(JSON.stringify(exportSuggestIndex(first))));
    for (const restored of [first, second]) {
      expect(texts(restored, 'pct国际')).toEqual(['title:PCT 国际申请 指南']);
      expect(texts(restored, 'PCT')).toEqual(['term:pct申请', 'title:PCT 国际申请 指南']);
    }
  });

  it('warms a kind at a time, leaving the event loop free, and answers as a build in one block does', async () => {
    const many: SuggestEntries = {
      ...entries,
      term: Array.from({ length: 3000 }, (_, i) => ({ text: `知识产权${i}`, count: 3000 - i })),
    };
    const lazy = lazySuggestIndexOf(many);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    await lazy.warm?.();
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
    expect(texts(lazy, '知识产权1')).toEqual(texts(buildSuggestIndex(many), '知识产权1'));
    await lazy.warm?.();
  });

  it('answers when read before warming is done (made once, at once)', async () => {
    const lazy = lazySuggestIndexOf(entries);
    const warming = lazy.warm?.();
    const direct = texts(lazy, '知识产');
    await warming;
    expect(direct).toEqual(texts(buildSuggestIndex(entries), '知识产'));
    expect(texts(lazy, '知识产')).toEqual(direct);
  });

  it.each([
    ['version 2 (the entries only)', { version: 2, entries }],
    ['version 1 (FlexSearch’s export beside them, no longer read)', { version: 1, entries, flexsearch: {} }],
  ])('reads a %s file, sorting its tables on load', (_label, saved) => {
    const restored = importSuggestIndex(JSON.parse(JSON.stringify(saved)));
    for (const prefix of ['知', '知识产', '十四五', '国家', 'pc', '专利']) {
      expect(texts(restored, prefix)).toEqual(texts(index, prefix));
    }
  });

  it.each([
    ['another version', { ...exportSuggestIndex(index), version: 99 }, /version 99/],
    ['a missing kind', { ...exportSuggestIndex(index), entries: { term: [], title: [] } }, /no agency part/],
    [
      'a missing prefix table',
      { ...exportSuggestIndex(index), prefixes: { term: [], agency: [] } },
      /no title prefix table/,
    ],
    [
      'a prefix table naming an entry the kind lacks',
      {
        ...exportSuggestIndex(index),
        prefixes: { ...exportSuggestIndex(index).prefixes, agency: [0, 1, 2] },
      },
      /agency prefix table names an entry it does not have/,
    ],
    [
      'a pair without its word',
      { ...exportSuggestIndex(index), prefixes: { ...exportSuggestIndex(index).prefixes, title: [[0]] } },
      /title prefix table names an entry/,
    ],
  ])('refuses %s', (_label, saved, message) => {
    expect(() => importSuggestIndex(saved as never)).toThrow(message);
  });
});
