/**
 * Whether a paragraph found by meaning states the measure a timeline asks about. A timeline's count
 * and its first appearance must come only from paragraphs that say the measure: a nearest neighbour
 * by meaning (a promulgation line, a bare heading, a neighbouring topic) does not. The check is
 * lexical and strict: the content words of the measure's name must occur in one sentence, in their
 * order, each starting at most `maxGap` letters after the previous one ends (知识产权交易流转、质押融资
 * states 知识产权质押融资; 支持建设技术创新中心 does not state 技术与创新支持中心). Its precision is
 * measured at laws scale on a labelled set (test/fixtures/timeline-evidence.json, `npm run eval`).
 */
import { compactText, splitSentences } from '../keyword/text-match.ts';
import { contentWords } from '../text/analyze.ts';
import { normalizeText } from '../text/normalize.ts';

/** A prepared check for one measure name: true when a paragraph's text states it. */
export type MeasureCheck = (text: string) => boolean;

/**
 * The words a paragraph must hold, in order: the measure's content words (stop words dropped), as
 * compact text; the whole name when it has none.
 */
export function measureWords(query: string): string[] {
  const normalized = compactText(normalizeText(query)).toLowerCase();
  const words = contentWords(normalized)
    .map((word) => compactText(word))
    .filter((word) => word !== '');
  return words.length > 0 ? words : [normalized];
}

/** Whether `words` occur in `text` in order, each within `maxGap` characters of the previous one's end. */
function occursInOrder(text: string, words: string[], at: number, from: number, maxGap: number): boolean {
  const word = words[at];
  if (word === undefined) return true;
  const limit = at === 0 ? text.length : from + maxGap;
  for (
    let start = text.indexOf(word, from);
    start !== -1 && start <= limit;
    start = text.indexOf(word, start + 1)
  ) {
    if (occursInOrder(text, words, at + 1, start + word.length, maxGap)) return true;
  }
  return false;
}

/** Prepares the check for `query` once, to run on many candidate paragraphs. */
export function measureCheck(query: string, options: { maxGap: number }): MeasureCheck {
  const words = measureWords(query);
  return (text) => {
    const lower = text.toLowerCase();
    // Cheap rejection first: most candidates lack some word anywhere in the paragraph.
    if (!words.every((word) => compactText(lower).includes(word))) return false;
    return splitSentences(lower).some((sentence) =>
      occursInOrder(compactText(sentence), words, 0, 0, options.maxGap),
    );
  };
}
