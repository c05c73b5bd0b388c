/**
 * Bigram ids for the aligner: one table per lineage service, so a document is cut into ids once and
 * every comparison merges sorted integer lists. The text is scanned code unit by code unit and a
 * CJK bigram is looked up by a small integer key (its two characters' dense indexes), not by a
 * two-character string: at laws scale a cold comparison cuts ~4,000 units and their clauses, and
 * one string per bigram made that the larger half of its cost. The grams are exactly those of
 * `bigramsOf` in `unit-profile.ts` (the tests hold the two to each other), ids given in the same
 * first-seen order.
 */

const HAN = /^\p{Script=Han}$/u;
/** Dense indexes of characters above this do not fit a small-integer pair key; such pairs use strings. */
const MAX_PAIR_INDEX = 0x7fff;
const PAIR_BASE = 0x8000;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isLetter = (code: number) => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);

/**
 * Bigram ids shared by every document one service compares, with scratch arrays indexed by id that
 * each comparison refills for its own bigrams.
 */
export class GramTable {
  /** Pair keys (dense index × 2¹⁵ + dense index) and single characters (−index) → id. */
  private readonly idOfKey = new Map<number, number>();
  /** Latin/digit tokens and pairs of rare characters → id. */
  private readonly idOfToken = new Map<string, number>();
  private count = 0;
  /** Dense index + 1 of each BMP code unit seen in a Han run (0: none yet), and of astral ones. */
  private readonly charIndex = new Int32Array(0x10000);
  private readonly astralIndex = new Map<number, number>();
  private chars = 0;
  /** Per BMP code unit: 0 not yet asked, 1 Han, 2 not. */
  private readonly hanCache = new Uint8Array(0x10000);
  /** Per id: the stamp of the last text that held it (a Set without hashing). */
  private seen = new Int32Array(4096);
  private stamp = 0;
  private scratch = new Int32Array(256);
  private scratchLength = 0;
  frequencies = new Int32Array(4096);
  weights = new Float64Array(4096);

  /** How many distinct grams have ids. */
  get size(): number {
    return this.count;
  }

  /** The ascending distinct ids of the bigrams of `text` (or of its code units `start` up to `end`). */
  idsOf(text: string, start = 0, end = text.length): Int32Array {
    this.stamp++;
    this.scratchLength = 0;
    let at = start;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (isDigit(code) || isLetter(code)) {
        at = this.latinRun(text, at, end);
        continue;
      }
      const point = this.codePointAt(text, at, end);
      if (this.isHan(point)) {
        at = this.hanRun(text, at, end);
        continue;
      }
      at += point > 0xffff ? 2 : 1;
    }
    return this.scratch.slice(0, this.scratchLength).sort();
  }

  /** A run of Latin letters and digits, each number (12, 3.5) read as `0`: one lowercased token. */
  private latinRun(text: string, start: number, end: number): number {
    let token = '';
    let at = start;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (isLetter(code)) {
        token += String.fromCharCode(code | 0x20);
        at++;
      } else if (isDigit(code)) {
        while (at < end && isDigit(text.charCodeAt(at))) at++;
        // A decimal part belongs to the number: \d+(?:\.\d+)? as one match.
        if (at + 1 < end && text.charCodeAt(at) === 0x2e && isDigit(text.charCodeAt(at + 1))) {
          at++;
          while (at < end && isDigit(text.charCodeAt(at))) at++;
        }
        token += '0';
      } else break;
    }
    this.add(this.tokenId(token));
    return at;
  }

  /** A run of Han characters: its bigrams, or the character itself when it stands alone. */
  private hanRun(text: string, start: number, end: number): number {
    let at = start;
    let previous = -1;
    let previousPoint = 0;
    let length = 0;
    while (at < end) {
      const point = this.codePointAt(text, at, end);
      if (!this.isHan(point)) break;
      const index = this.indexOf(point);
      if (previous >= 0) {
        this.add(
          previous <= MAX_PAIR_INDEX && index <= MAX_PAIR_INDEX
            ? this.keyId(previous * PAIR_BASE + index)
            : this.tokenId(String.fromCodePoint(previousPoint, point)),
        );
      }
      previous = index;
      previousPoint = point;
      length++;
      at += point > 0xffff ? 2 : 1;
    }
    if (length === 1) this.add(this.keyId(-previous - 1));
    return at;
  }

  private codePointAt(text: string, at: number, end: number): number {
    const code = text.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff && at + 1 < end) {
      const low = text.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) return (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
    }
    return code;
  }

  private isHan(point: number): boolean {
    if (point > 0xffff) return HAN.test(String.fromCodePoint(point));
    let known = this.hanCache[point] as number;
    if (known === 0) {
      // A lone surrogate is no character of any script.
      known = point < 0xd800 || point > 0xdfff ? (HAN.test(String.fromCharCode(point)) ? 1 : 2) : 2;
      this.hanCache[point] = known;
    }
    return known === 1;
  }

  private indexOf(point: number): number {
    if (point <= 0xffff) {
      let index = this.charIndex[point] as number;
      if (index === 0) {
        index = ++this.chars;
        this.charIndex[point] = index;
      }
      return index;
    }
    let index = this.astralIndex.get(point);
    if (index === undefined) {
      index = ++this.chars;
      this.astralIndex.set(point, index);
    }
    return index;
  }

  private keyId(key: number): number {
    let id = this.idOfKey.get(key);
    if (id === undefined) {
      id = this.newId();
      this.idOfKey.set(key, id);
    }
    return id;
  }

  private tokenId(token: string): number {
    let id = this.idOfToken.get(token);
    if (id === undefined) {
      id = this.newId();
      this.idOfToken.set(token, id);
    }
    return id;
  }

  private newId(): number {
    const id = this.count++;
    if (id >= this.frequencies.length) {
      const length = this.frequencies.length * 2;
      const grow = <T extends Int32Array | Float64Array>(array: T, next: T) => {
        next.set(array);
        return next;
      };
      this.frequencies = grow(this.frequencies, new Int32Array(length));
      this.weights = grow(this.weights, new Float64Array(length));
      this.seen = grow(this.seen, new Int32Array(length));
    }
    return id;
  }

  /** Adds `id` to the current text's list unless the text already held it. */
  private add(id: number): void {
    if (this.seen[id] === this.stamp) return;
    this.seen[id] = this.stamp;
    if (this.scratchLength === this.scratch.length) {
      const scratch = new Int32Array(this.scratch.length * 2);
      scratch.set(this.scratch);
      this.scratch = scratch;
    }
    this.scratch[this.scratchLength++] = id;
  }
}
