import { describe, expect, it } from 'vitest';
import { NgramProof, ngramChain } from '../../src/keyword/ngram-proof.ts';
import { buildPostings } from '../../src/keyword/postings.ts';
import { compactText, containsPhrase } from '../../src/keyword/text-match.ts';
import { matchTokens } from '../../src/text/analyze.ts';

/** The proof's answer for each text, asked in seq order as keyword search asks it. */
function proofs(word: string, texts: string[]): boolean[] {
  const postings = buildPostings(texts.length, (seq) => matchTokens(texts[seq] as string));
  const proof = NgramProof.of(postings, compactText(word));
  return texts.map((_, seq) => proof?.holds(seq) ?? false);
}

describe('ngramChain', () => {
  it.each([
    ['人民法院', { trigrams: ['人民法', '民法院'], overlaps: ['民法'] }],
    [
      '人民代表大会',
      { trigrams: ['人民代', '民代表', '代表大', '表大会'], overlaps: ['民代', '代表', '表大'] },
    ],
  ])('chains %s', (word, chain) => expect(ngramChain(word)).toEqual(chain));

  it.each(['法院', '人民法', 'pct国际申请', '第2条规定', '𬶨人民法院'])('leaves %s to the text', (word) =>
    expect(ngramChain(word)).toBeNull(),
  );
});

describe('NgramProof', () => {
  it.each([
    // [word, text, proven]
    ['人民法院', '向人民法院起诉', true],
    ['人民法院', '人民、法院', true],
    ['人民法院', '人民法律与公民法院', false],
    ['人民代表大会', '全国人民代表大会常务委员会', true],
    // 代表 also stands alone: the counts no longer prove it (the text check decides).
    ['人民代表大会', '人民代表大会代表', false],
    ['哈哈哈哈', '哈哈哈哈', true],
    ['哈哈哈哈', '哈哈哈a哈哈哈', false],
  ])('%s in %s: %s', (word, text, proven) => expect(proofs(word, [text])).toEqual([proven]));

  it('never proves a word the text check rejects (random texts)', () => {
    // A tiny alphabet makes near misses common: repeated characters, breaks by letters and digits,
    // punctuation and an emoji that the n-grams and the matcher both skip.
    const alphabet = ['人', '民', '法', '院', '民', '法', '、', 'a', '1', '😀', ' '];
    let state = 42;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const texts = Array.from({ length: 400 }, () =>
      Array.from({ length: 4 + next(40) }, () => alphabet[next(alphabet.length)]).join(''),
    );
    let proven = 0;
    for (let trial = 0; trial < 200; trial++) {
      // Words cut from a text's characters, so that many of them occur somewhere.
      const chars = (texts[next(texts.length)] as string).replace(/[^人民法院]/gu, '');
      const length = 4 + next(3);
      const start = next(Math.max(1, chars.length - length + 1));
      const word = chars.slice(start, start + length);
      if (word.length < 4) continue;
      proofs(word, texts).forEach((holds, seq) => {
        if (!holds) return;
        proven++;
        expect(containsPhrase(texts[seq] as string, word), `${word} in ${texts[seq]}`).toBe(true);
      });
    }
    expect(proven).toBeGreaterThan(0);
  });
});

describe('phrase matching skips what the n-grams skip', () => {
  it.each([
    ['人民😀法院', '人民法院', true],
    ['人民a法院', '人民法院', false],
    ['人民1法院', '人民法院', false],
    ['人民，法院', '人民法院', true],
  ])('%s holds %s: %s', (text, word, holds) => expect(containsPhrase(text, word)).toBe(holds));
});
