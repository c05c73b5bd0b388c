/**
 * Step 1 of ingestion (order in ingest-file.ts): bytes → text. UTF-8 (with or without BOM), UTF-16 with a BOM, and GB18030/GBK (common in
 * Chinese government files) when the bytes are not valid UTF-8. Binary or undecodable input is
 * reported, never thrown.
 */

/** Decoded text with the encoding that produced it, or the reason the file cannot be read as text. */
export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

// How much of a file the binary sniffing looks at: enough to see a header, cheap on 1 MB laws.
const SNIFF_BYTES = 64 * 1024;
// Text files have essentially no C0 control characters besides tab/newline/CR/FF; binary formats have many.
const MAX_CONTROL_RATIO = 0.01;
// A few U+FFFD may be damage inside a real text; many mean the encoding guess was wrong.
const MAX_REPLACEMENT_RATIO = 0.01;
// GBK read as UTF-8 is mostly invalid; real UTF-8 damaged in transit has a bad byte here and there.
const MAX_STRAY_BAD_BYTES_RATIO = 0.002;

function replacementRatio(text: string): number {
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return text.length === 0 ? 0 : bad / text.length;
}

function isTextControl(byte: number): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c || byte === 0x1b;
}

/** Why the bytes look binary (NUL bytes, many control characters), or null when they look like text. */
function binaryReason(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return 'binary file (contains NUL bytes)';
    if (byte < 0x20 && !isTextControl(byte)) controls++;
  }
  if (sample.length > 0 && controls / sample.length > MAX_CONTROL_RATIO) {
    return 'binary file (many control characters)';
  }
  return null;
}

function tryDecode(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function looksDamaged(text: string): boolean {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && !isTextControl(code))) bad++;
  }
  return text.length > 0 && bad / text.length > MAX_REPLACEMENT_RATIO;
}

function utf16ByBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Decode a file's bytes to text: UTF-16 by BOM, else UTF-8, else GB18030; binary input is refused. */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  const utf16 = utf16ByBom(bytes);
  if (utf16 !== null) {
    const text = tryDecode(bytes, utf16);
    return text === null || looksDamaged(text)
      ? { ok: false, reason: `undecodable ${utf16} text` }
      : { ok: true, text, encoding: utf16 };
  }
  const binary = binaryReason(bytes);
  if (binary !== null) return { ok: false, reason: binary };
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null && !looksDamaged(utf8)) return { ok: true, text: utf8, encoding: 'utf-8' };
  // A UTF-8 file with a stray bad byte is still UTF-8: GB18030 would read all of it as mojibake.
  const lenient = new TextDecoder('utf-8').decode(bytes);
  if (replacementRatio(lenient) <= MAX_STRAY_BAD_BYTES_RATIO)
    return { ok: true, text: lenient, encoding: 'utf-8' };
  const gb = tryDecode(bytes, 'gb18030');
  if (gb !== null && !looksDamaged(gb)) return { ok: true, text: gb, encoding: 'gb18030' };
  return { ok: false, reason: 'undecodable text (neither UTF-8 nor GB18030)' };
}
