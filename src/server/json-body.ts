/**
 * JSON bodies of API answers, with the large parts serialized once. A cached search answer is the
 * cached object's fields copied into a fresh object with its own `tookMs`
 * (src/search/result-cache.ts), so its `hits` and `facets` are the very arrays and objects served
 * the last time: their bytes are remembered by identity (a WeakMap, so they go when the answer does)
 * and a repeated search is answered without serializing 10–60 kB again. Answers are never changed
 * once made — the cache already relies on that.
 *
 * Bytes are remembered from an object's second answer on: an answer none of whose parts was served
 * before (a search computed afresh, which most are never served again) is one `JSON.stringify` and
 * one UTF-8 encoding, which is cheaper than serializing and encoding its parts one by one
 * (BENCHMARKS.md, "Issue 15 part 3, fourth pass"); its parts are only noted as served.
 */

const serializedParts = new WeakMap<object, Buffer>();
/** Object-valued fields of answers served once, whole: their bytes are remembered when served again. */
const servedOnce = new WeakSet<object>();

/** `value` as UTF-8 JSON: byte for byte `JSON.stringify(value)`, a plain object's object-valued fields reused from earlier calls. */
export function jsonBody(value: unknown): Buffer {
  const parts = jsonBodyParts(value);
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

/**
 * {@link jsonBody}'s bytes as the pieces they are made of, in order — the text between the large
 * fields and each large field's remembered bytes — for a writer that sends them as they are (the lean
 * path writes them to the socket in one `writev`) instead of copying them into one buffer first.
 * The pieces are shared with later answers: never write into them.
 */
export function jsonBodyParts(value: unknown): Buffer[] {
  if (!isPlainObject(value)) return [Buffer.from(JSON.stringify(value) ?? 'null')];
  if (servedFirstTime(value)) return [Buffer.from(JSON.stringify(value))];
  const parts: Buffer[] = [];
  // Keys and primitive fields gather in one string, encoded once before each remembered part.
  let pending = '{';
  for (const [key, field] of Object.entries(value)) {
    // Values with toJSON (dates…) may serialize to anything, nothing included: not remembered.
    const primitive =
      typeof field !== 'object' ||
      field === null ||
      typeof (field as { toJSON?: unknown }).toJSON === 'function';
    const json = primitive ? (JSON.stringify(field) as string | undefined) : undefined;
    if (primitive && json === undefined) continue;
    pending += `${pending === '{' && parts.length === 0 ? '' : ','}${JSON.stringify(key)}:`;
    if (json !== undefined) {
      pending += json;
      continue;
    }
    parts.push(Buffer.from(pending), rememberedJson(field as object));
    pending = '';
  }
  parts.push(Buffer.from(`${pending}}`));
  return parts;
}

/**
 * Whether none of `value`'s object-valued fields was served before; if so they are noted as served
 * now, and `value` is serialized whole. (Fields with `toJSON` count too: harmless, they are never
 * remembered below.)
 */
function servedFirstTime(value: Record<string, unknown>): boolean {
  let objects = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = value[key];
    if (typeof field !== 'object' || field === null) continue;
    if (servedOnce.has(field) || serializedParts.has(field)) return false;
    objects++;
  }
  if (objects === 0) return true;
  for (const key in value) {
    const field = value[key];
    if (Object.hasOwn(value, key) && typeof field === 'object' && field !== null) servedOnce.add(field);
  }
  return true;
}

/** An object's JSON, serialized on its first call. */
function rememberedJson(field: object): Buffer {
  let json = serializedParts.get(field);
  if (!json) {
    json = Buffer.from(JSON.stringify(field));
    serializedParts.set(field, json);
  }
  return json;
}

/** An object literal's kind: arrays, dates, maps and objects with `toJSON` are serialized whole. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
