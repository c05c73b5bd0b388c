/**
 * JSON bodies of API answers, with the large parts serialized once. A cached search answer is the
 * cached object's fields copied into a fresh object with its own `tookMs`
 * (src/search/result-cache.ts), so its `hits` and `facets` are the very arrays and objects served
 * the last time: their bytes are remembered by identity (a WeakMap, so they go when the answer does)
 * and a repeated search is answered without serializing 10–60 kB again. Answers are never changed
 * once made — the cache already relies on that.
 */

const serializedParts = new WeakMap<object, Buffer>();

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
