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
/** Per BMP code unit: 0 not yet asked, 1 Han, 2 not (a property of the character, shared by every table). */
const hanCache = new Uint8Array(0x10000);
/** Dense indexes of characters above this do not fit a small-integer pair key; such pairs use strings. */
const MAX_PAIR_INDEX = 0x7fff;
const PAIR_BASE = 0x8000;

/** Fills and answers the Han cache for one BMP code unit (a lone surrogate is no character of any script). */
function classify(code: number): number {
  const known = code < 0xd800 || code > 0xdfff ? (HAN.test(String.fromCharCode(code)) ? 1 : 2) : 2;
  hanCache[code] = known;
  return known;
}

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
  /** Per id: the stamp of the last text that held it (a Set without hashing). */
  private seen = new Int32Array(4096);
  private stamp = 0;
  private scratch = new Int32Array(256);
  private scratchLength = 0;
  /** While {@link idsWithClauses} scans: the clauses, the one at or after the scan, and per id the stamp of the last clause that held it. */
  private clauses: readonly (readonly [number, number])[] = [];
  private clauseAt = 0;
  private clauseStamp = 0;
  private clauseSeen = new Int32Array(4096);
  private clauseIds: number[][] = [];
  frequencies = new Int32Array(4096);
  weights = new Float64Array(4096);

  /** How many distinct grams have ids. */
  get size(): number {
    return this.count;
  }

  /** The ascending distinct ids of the bigrams of `text` (or of its code units `start` up to `end`). */
  idsOf(text: string, start = 0, end = text.length): Int32Array {
    this.scan(text, start, end);
    return this.scratch.slice(0, this.scratchLength).sort();
  }

  /**
   * One scan for a unit and its clauses: the ascending distinct ids of `text`'s bigrams, and for
   * each clause (ranges of code units, ascending and apart, each bounded by characters no bigram
   * spans, such as ，：) the distinct ids of the bigrams inside it, in the order first seen.
   */
  idsWithClauses(
    text: string,
    clauses: readonly (readonly [number, number])[],
  ): { ids: Int32Array; clauseIds: number[][] } {
    const clauseIds = this.scanClauses(text, clauses);
    return { ids: this.scratch.slice(0, this.scratchLength).sort(), clauseIds };
  }

  /**
   * The distinct ids of `text`'s bigrams in the order first seen (not sorted), and for each clause
   * (as {@link idsWithClauses}; none: the text is one clause) the ids inside it. A table that
   * numbers these texts afresh gives new ids in exactly this order, so a build can store them under
   * one table's ids and a comparison number them as a table of its own would (`unit-scans.ts`).
   */
  idsInScanOrder(
    text: string,
    clauses: readonly (readonly [number, number])[],
  ): { ordered: Int32Array; clauseIds: number[][] } {
    if (clauses.length === 0) {
      this.scan(text, 0, text.length);
      return { ordered: this.scratch.slice(0, this.scratchLength), clauseIds: [] };
    }
    const clauseIds = this.scanClauses(text, clauses);
    return { ordered: this.scratch.slice(0, this.scratchLength), clauseIds };
  }

  /** Scans `text` (its ids into the scratch) and returns, for each of `clauses`, the ids inside it. */
  private scanClauses(text: string, clauses: readonly (readonly [number, number])[]): number[][] {
    this.clauses = clauses;
    this.clauseAt = 0;
    this.clauseIds = clauses.map(() => []);
    const clauseIds = this.clauseIds;
    this.scan(text, 0, text.length);
    this.clauseStamp += clauses.length;
    this.clauses = [];
    return clauseIds;
  }

  // The scan runs over every character of both documents on a cold comparison, mostly before the
  // optimizing compiler has seen it: the common case (a BMP character) is handled inline, with few
  // calls per character.
  private scan(text: string, start: number, end: number): void {
    this.stamp++;
    this.scratchLength = 0;
    let at = start;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (isDigit(code) || isLetter(code)) {
        at = this.latinRun(text, at, end);
        continue;
      }
      if (code < 0xd800 || code > 0xdfff) {
        if ((hanCache[code] === 0 ? classify(code) : hanCache[code]) === 1) at = this.hanRun(text, at, end);
        else at++;
        continue;
      }
      const point = this.codePointAt(text, at, end);
      if (this.isHan(point)) {
        at = this.hanRun(text, at, end);
        continue;
      }
      at += point > 0xffff ? 2 : 1;
    }
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
    this.add(this.tokenId(token), start);
    return at;
  }

  /** A run of Han characters: its bigrams, or the character itself when it stands alone. */
  private hanRun(text: string, start: number, end: number): number {
    const { charIndex, idOfKey } = this;
    let at = start;
    let previous = -1;
    let previousPoint = 0;
    let length = 0;
    while (at < end) {
      const code = text.charCodeAt(at);
      let point = code;
      let index: number;
      if (code < 0xd800 || code > 0xdfff) {
        if ((hanCache[code] === 0 ? classify(code) : hanCache[code]) !== 1) break;
        index = charIndex[code] as number;
        if (index === 0) {
          index = ++this.chars;
          charIndex[code] = index;
        }
      } else {
        point = this.codePointAt(text, at, end);
        if (!this.isHan(point)) break;
        index = this.indexOf(point);
      }
      if (previous >= 0) {
        let id: number | undefined;
        if (previous <= MAX_PAIR_INDEX && index <= MAX_PAIR_INDEX) {
          const key = previous * PAIR_BASE + index;
          id = idOfKey.get(key);
          if (id === undefined) {
            id = this.newId();
            idOfKey.set(key, id);
          }
        } else id = this.tokenId(String.fromCodePoint(previousPoint, point));
        if (this.seen[id] !== this.stamp || this.clauses.length > 0) this.add(id, start);
      }
      previous = index;
      previousPoint = point;
      length++;
      at += point > 0xffff ? 2 : 1;
    }
    if (length === 1) this.add(this.keyId(-previous - 1), start);
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
    return (hanCache[point] === 0 ? classify(point) : hanCache[point]) === 1;
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
      this.clauseSeen = grow(this.clauseSeen, new Int32Array(length));
    }
    return id;
  }

  /**
   * Adds `id` (a bigram of the run starting at `position`) to the current text's list unless the
   * text already held it, and to its clause's list likewise when clauses are asked for. A run lies
   * inside one clause or none.
   */
  private add(id: number, position: number): void {
    if (this.seen[id] !== this.stamp) {
      this.seen[id] = this.stamp;
      if (this.scratchLength === this.scratch.length) {
        const scratch = new Int32Array(this.scratch.length * 2);
        scratch.set(this.scratch);
        this.scratch = scratch;
      }
      this.scratch[this.scratchLength++] = id;
    }
    const clauses = this.clauses;
    if (clauses.length === 0) return;
    while (this.clauseAt < clauses.length && (clauses[this.clauseAt] as [number, number])[1] <= position)
      this.clauseAt++;
    const clause = clauses[this.clauseAt];
    if (clause === undefined || position < clause[0]) return;
    // Clause stamps run on from text to text (1 + the clauses of every earlier text), so none repeats.
    const stamp = this.clauseStamp + this.clauseAt + 1;
    if (this.clauseSeen[id] === stamp) return;
    this.clauseSeen[id] = stamp;
    (this.clauseIds[this.clauseAt] as number[]).push(id);
  }
}
