/**
 * The token dictionary of the keyword index as flat data: every token's text in one run of UTF-16
 * code units, and an open-addressing hash table of token ids (also the id → seq table of an opened
 * paragraph file). Unlike a Map of millions of strings it loads without
 * rebuilding anything (the server starts by decoding three columns) and costs a few bytes a token.
 */

/**
 * Token texts and their hash table; token id t is the UTF-16 code units `text[starts[t]]` …
 * `text[starts[t + 1] - 1]`. Code units rather than a string: a loaded index views them in
 * `keyword.bin`'s buffer, where a decoded string would be a second copy (10 MB at laws scale).
 */
export interface TokenTable {
  text: Uint16Array;
  starts: Uint32Array;
  /** Hash slots holding token id + 1 (0 is empty); the length is a power of two. */
  slots: Uint32Array;
}

/** FNV-1a over the UTF-16 code units text[start, end). */
function hashRange(text: Uint16Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= text[i] as number;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** FNV-1a over a string's UTF-16 code units: {@link hashRange} of the same units. */
function hashString(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The UTF-16 code units of a string. */
function codeUnits(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** The text of token `id`. */
export function tokenAt(table: TokenTable, id: number): string {
  const units = table.text.subarray(table.starts[id] as number, table.starts[id + 1] as number);
  return String.fromCharCode.apply(null, units as unknown as number[]);
}

/** Builds the table for tokens given in id order. */
export function buildTokenTable(tokens: Iterable<string>): TokenTable {
  const list = [...tokens];
  const text = codeUnits(list.join(''));
  const starts = new Uint32Array(list.length + 1);
  list.forEach((token, id) => {
    starts[id + 1] = (starts[id] as number) + token.length;
  });
  return tokenTableOf(text, starts);
}

/**
 * The table of strings already laid out as code units (string t is `text[starts[t]]` …
 * `text[starts[t + 1] - 1]`), with its hash table built: what {@link buildTokenTable} makes from
 * strings, and what a column of ids read from a file needs (src/persist/paragraph-file.ts).
 */
export function tokenTableOf(text: Uint16Array, starts: Uint32Array): TokenTable {
  const count = starts.length - 1;
  // A load factor of at most one half keeps probe sequences short.
  let size = 1;
  while (size < count * 2) size *= 2;
  const slots = new Uint32Array(size);
  const mask = size - 1;
  for (let id = 0; id < count; id++) {
    let slot = hashRange(text, starts[id] as number, starts[id + 1] as number) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  return { text, starts, slots };
}

/**
 * The table of `table`'s tokens followed by `tokens` (ids continue after the last one): equal to
 * {@link buildTokenTable} of the whole list, without hashing the old tokens again while the hash
 * table still has room (it then grows and is filled anew, as a build would fill it). What an
 * incremental build's keyword merge uses when no token disappeared.
 */
export function extendTokenTable(table: TokenTable, tokens: readonly string[]): TokenTable {
  if (tokens.length === 0) return table;
  const before = tokenCount(table);
  const count = before + tokens.length;
  const added = codeUnits(tokens.join(''));
  const text = new Uint16Array(table.text.length + added.length);
  text.set(table.text);
  text.set(added, table.text.length);
  const starts = new Uint32Array(count + 1);
  starts.set(table.starts);
  tokens.forEach((token, i) => {
    starts[before + i + 1] = (starts[before + i] as number) + token.length;
  });
  let size = 1;
  while (size < count * 2) size *= 2;
  // Same size: the old ids sit where a build would put them, so only the new ones are placed.
  const reuse = size === table.slots.length;
  const slots = reuse ? table.slots.slice() : new Uint32Array(size);
  const mask = size - 1;
  for (let id = reuse ? before : 0; id < count; id++) {
    let slot = hashRange(text, starts[id] as number, starts[id + 1] as number) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  return { text, starts, slots };
}

/** The id of a token, or -1 when the table does not hold it. */
export function findToken(table: TokenTable, token: string): number {
  if (table.slots.length === 0) return -1;
  const mask = table.slots.length - 1;
  let slot = hashString(token) & mask;
  for (;;) {
    const entry = table.slots[slot] as number;
    if (entry === 0) return -1;
    const id = entry - 1;
    const start = table.starts[id] as number;
    const end = table.starts[id + 1] as number;
    if (end - start === token.length) {
      let same = true;
      for (let i = 0; i < token.length && same; i++) same = table.text[start + i] === token.charCodeAt(i);
      if (same) return id;
    }
    slot = (slot + 1) & mask;
  }
}

/** Number of tokens in the table. */
export function tokenCount(table: TokenTable): number {
  return table.starts.length - 1;
}
