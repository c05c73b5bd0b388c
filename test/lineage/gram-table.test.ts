import { describe, expect, it } from 'vitest';
import { GramTable } from '../../src/lineage/gram-table.ts';
import { bigramsOf } from '../../src/lineage/unit-profile.ts';
import { seededRandom } from '../../src/seeded-random.ts';

/** The reference: `bigramsOf`'s strings numbered in the order first seen, as the table promises. */
function referenceTable(): (text: string) => number[] {
  const idOf = new Map<string, number>();
  return (text) =>
    bigramsOf(text)
      .map((gram) => {
        let id = idOf.get(gram);
        if (id === undefined) {
          id = idOf.size;
          idOf.set(gram, id);
        }
        return id;
      })
      .sort((a, b) => a - b);
}

/** Random texts over the characters that make the cases: Han (BMP and astral), Latin, digits, decimals, breaks, lone surrogates. */
function randomTexts(count: number, seed: number): string[] {
  const alphabet = ['知', '识', '产', '权', '保', '护', '〇', '々', '中', '1', '2', '.', 'a', 'B', 'z'];
  alphabet.push(
    '，',
    '：',
    ':',
    ',',
    '《',
    '》',
    ' ',
    '\u{20000}',
    '\u{20001}',
    '\ud800',
    '\udc00',
    '９',
    'é',
  );
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    const length = Math.floor(random() * 14);
    for (let at = 0; at < length; at++) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  });
}

describe('GramTable.idsOf', () => {
  it.each([
    ['知识产权保护', 'CJK bigrams'],
    ['知', 'a lone Han character is its own gram'],
    ['第2.5条和第3条ISO9001标准', 'numbers folded to 0 (a decimal is one number), Latin runs lowercased'],
    ['v1.5a与a.5', 'a decimal inside a Latin run, a dot that is no decimal point'],
    ['𠀀𠀁知识，产权：保护', 'astral Han characters, clause breaks'],
    ['知\ud800识', 'a lone surrogate cuts a run'],
    ['', 'an empty text'],
  ])('gives the ids of bigramsOf, numbered in the order first seen: %s (%s)', (text) => {
    const table = new GramTable();
    const reference = referenceTable();
    expect([...table.idsOf(text)]).toEqual(reference(text));
  });

  it('agrees with bigramsOf on 20,000 random texts through one shared table', () => {
    const table = new GramTable();
    const reference = referenceTable();
    const differing = randomTexts(20_000, 11).filter(
      (text) => [...table.idsOf(text)].join() !== reference(text).join(),
    );
    expect(differing).toEqual([]);
    expect(table.size).toBeGreaterThan(50);
  });
});

describe('GramTable.idsWithClauses', () => {
  /** Ranges between ，：,: of at least `min` code units, as the unit profile cuts clauses. */
  const clauseRanges = (text: string, min = 4): [number, number][] => {
    const ranges: [number, number][] = [];
    let start = 0;
    for (let at = 0; at <= text.length; at++) {
      if (at < text.length && !'，：,:'.includes(text[at] as string)) continue;
      if (at - start >= min) ranges.push([start, at]);
      start = at + 1;
    }
    return ranges;
  };

  it('gives the unit ids of idsOf, and per clause the ids of its own text, from one scan', () => {
    const scanned = new GramTable();
    const separate = new GramTable();
    for (const text of ['加快制定实施意见，完善知识产权保护体系：建立2.5个平台', ...randomTexts(5_000, 29)]) {
      const ranges = clauseRanges(text);
      const { ids, clauseIds } = scanned.idsWithClauses(text, ranges);
      // Same order of first sight, so the two tables number every gram alike.
      expect([...ids]).toEqual([...separate.idsOf(text)]);
      expect(clauseIds.map((list) => [...list].sort((a, b) => a - b))).toEqual(
        ranges.map(([start, end]) => [...separate.idsOf(text, start, end)]),
      );
    }
  });
});
