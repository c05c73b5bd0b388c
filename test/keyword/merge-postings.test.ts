/**
 * Merging postings: the previous build's postings with paragraphs dropped and renumbered, plus the
 * added paragraphs' postings, hold for every token exactly the list a build over the new corpus
 * holds — whether the previous token table is extended (nothing gone) or built anew (tokens gone),
 * and from packed (loaded) postings as from built ones.
 */
import { describe, expect, it } from 'vitest';
import { mergePostings } from '../../src/keyword/merge-postings.ts';
import {
  buildPostings,
  loadPostings,
  type Postings,
  postingList,
  savePostings,
} from '../../src/keyword/postings.ts';
import { tokenCount } from '../../src/keyword/token-table.ts';

const split = (text: string) => text.split(' ').filter(Boolean);

const previous = ['知识 产权 保护', '专利 质押 融资 专利', '商标 保护', '知识 产权 质押', '数据 产权'];

/** Every token's list of `postings`, keyed by token. */
function lists(postings: Postings, tokens: Iterable<string>) {
  return Object.fromEntries(
    [...new Set(tokens)].map((token) => {
      const list = postingList(postings, token);
      return [token, { seqs: [...list.seqs], frequencies: [...list.frequencies] }];
    }),
  );
}

describe('mergePostings', () => {
  it.each([
    ['a paragraph added in the middle (the token table is extended)', [], [2], ['地理 标志 保护 专利']],
    ['paragraphs added at both ends', [], [0, 6], ['新 知识', '专利 新']],
    ['a paragraph dropped (its only token goes: the table is built anew)', [4], [], []],
    ['one dropped, two added', [1], [1, 3], ['专利 转化', '商标 数据']],
  ])('equals a build of the new corpus: %s', (_name, dropped, addedAt, addedTexts) => {
    // The new corpus: previous paragraphs minus the dropped, the added ones inserted at addedAt (new seqs).
    const kept = previous.filter((_, seq) => !dropped.includes(seq));
    const corpus: string[] = [];
    const previousToNew = new Int32Array(previous.length).fill(-1);
    let next = 0;
    for (let seq = 0; seq <= addedAt.length + kept.length - 1; seq++) {
      const a = addedAt.indexOf(seq);
      if (a >= 0) corpus.push(addedTexts[a] as string);
      else corpus.push(kept[next++] as string);
    }
    next = 0;
    previous.forEach((text, seq) => {
      if (dropped.includes(seq)) return;
      previousToNew[seq] = corpus.indexOf(text, next);
      next = (previousToNew[seq] as number) + 1;
    });
    const built = buildPostings(previous.length, (seq) => split(previous[seq] as string));
    for (const before of [built, loadPostings(savePostings(built))]) {
      const merged = mergePostings({
        previous: before,
        previousToNew,
        added: buildPostings(addedTexts.length, (i) => split(addedTexts[i] as string)),
        addedToNew: Uint32Array.from(addedAt),
      });
      const full = buildPostings(corpus.length, (seq) => split(corpus[seq] as string));
      const tokens = [...previous, ...addedTexts].flatMap(split);
      expect(lists(merged, tokens)).toEqual(lists(full, tokens));
      expect(tokenCount(merged.tokens)).toBe(tokenCount(full.tokens));
    }
  });
});
