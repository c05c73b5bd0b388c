/**
 * The binary container every large file of a build is written in: a magic word, the container's
 * layout version, the kind of file, then a table of named sections (offset, length, sha256), each
 * section starting on an 8-byte boundary so a typed array can view it in place, without a copy.
 * Pure: encodes to and decodes from bytes; the index store does the reading and writing.
 *
 * Layout (all integers little-endian):
 * ```
 * 0   "PSBN"                      magic
 * 4   uint32 container version    BINARY_FILE_VERSION
 * 8   uint32 header bytes         magic … end of the section table, padded to 8
 * 12  uint32 section count
 * 16  kind: 16 bytes UTF-8, NUL-padded ("keyword", "paragraphs")
 * 32  per section, 80 bytes: name (32 bytes UTF-8, NUL-padded), float64 offset, float64 length,
 *     sha256 (32 bytes) of the section's bytes
 * …   the sections, each at an offset divisible by 8
 * ```
 */
import { createHash } from 'node:crypto';

const MAGIC = 'PSBN';
/** Layout version of the container itself (the files' contents have their own versions). */
export const BINARY_FILE_VERSION = 1;
const FIXED_HEADER = 32;
const ENTRY_BYTES = 80;
const NAME_BYTES = 32;
const KIND_BYTES = 16;
const ALIGN = 8;

/** Anything a section can be written from: bytes or a typed array (written in this machine's byte order, little-endian). */
export type SectionData = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** One decoded section: its bytes (a view into the file's buffer) and the sha256 the table records for them. */
export interface Section {
  bytes: Uint8Array;
  sha256: string;
}

/** A decoded container: its kind and its sections by name. */
export interface BinaryFile {
  kind: string;
  sections: Map<string, Section>;
}

/** Raised for bytes that are not a whole, intact container; the message says what is wrong. */
export class BinaryFileError extends Error {}

function bytesOf(data: SectionData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function alignUp(value: number): number {
  return Math.ceil(value / ALIGN) * ALIGN;
}

function writeName(target: Uint8Array, at: number, size: number, name: string): void {
  const encoded = new TextEncoder().encode(name);
  if (encoded.length > size) throw new Error(`binary file name too long: ${name}`);
  target.set(encoded, at);
}

function readName(source: Uint8Array, at: number, size: number): string {
  const field = source.subarray(at, at + size);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

/** sha256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The container of `sections` (in the order given) as a list of chunks to write one after another:
 * the header, then each section and its padding, so no second copy of the data is made.
 */
export function encodeBinaryFile(kind: string, sections: [name: string, data: SectionData][]): Uint8Array[] {
  const headerBytes = alignUp(FIXED_HEADER + sections.length * ENTRY_BYTES);
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  writeName(header, 0, 4, MAGIC);
  view.setUint32(4, BINARY_FILE_VERSION, true);
  view.setUint32(8, headerBytes, true);
  view.setUint32(12, sections.length, true);
  writeName(header, 16, KIND_BYTES, kind);
  const chunks: Uint8Array[] = [header];
  let offset = headerBytes;
  sections.forEach(([name, data], i) => {
    const bytes = bytesOf(data);
    const entry = FIXED_HEADER + i * ENTRY_BYTES;
    writeName(header, entry, NAME_BYTES, name);
    view.setFloat64(entry + 32, offset, true);
    view.setFloat64(entry + 40, bytes.byteLength, true);
    header.set(Buffer.from(sha256Hex(bytes), 'hex'), entry + 48);
    chunks.push(bytes);
    const padding = alignUp(bytes.byteLength) - bytes.byteLength;
    if (padding > 0) chunks.push(new Uint8Array(padding));
    offset += bytes.byteLength + padding;
  });
  return chunks;
}

/**
 * Reads the container in `bytes` (which must start 8-byte aligned for typed views to work, as a
 * freshly allocated Buffer does). Checks the magic, the version, the kind and that every section
 * lies inside the bytes (a truncated file fails here); with `verify`, also each section's sha256.
 */
export function decodeBinaryFile(bytes: Uint8Array, kind: string, options: { verify: boolean }): BinaryFile {
  if (bytes.byteLength < FIXED_HEADER || readName(bytes, 0, 4) !== MAGIC) {
    throw new BinaryFileError('it is not a binary index file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== BINARY_FILE_VERSION) {
    throw new BinaryFileError(`it has container version ${version}, this code reads ${BINARY_FILE_VERSION}`);
  }
  const found = readName(bytes, 16, KIND_BYTES);
  if (found !== kind) throw new BinaryFileError(`it holds ${found || 'nothing'}, not ${kind}`);
  const count = view.getUint32(12, true);
  const headerBytes = view.getUint32(8, true);
  if (headerBytes < FIXED_HEADER + count * ENTRY_BYTES || headerBytes > bytes.byteLength) {
    throw new BinaryFileError('it is truncated (section table)');
  }
  const sections = new Map<string, Section>();
  for (let i = 0; i < count; i++) {
    const entry = FIXED_HEADER + i * ENTRY_BYTES;
    const name = readName(bytes, entry, NAME_BYTES);
    const offset = view.getFloat64(entry + 32, true);
    const length = view.getFloat64(entry + 40, true);
    if (
      !Number.isSafeInteger(offset) ||
      !Number.isSafeInteger(length) ||
      offset + length > bytes.byteLength
    ) {
      throw new BinaryFileError(`it is truncated (section ${name})`);
    }
    const sha256 = Buffer.from(bytes.subarray(entry + 48, entry + 80)).toString('hex');
    const section = bytes.subarray(offset, offset + length);
    if (options.verify && sha256Hex(section) !== sha256) {
      throw new BinaryFileError(`it is corrupted (checksum mismatch in section ${name})`);
    }
    sections.set(name, { bytes: section, sha256 });
  }
  return { kind, sections };
}

/** The bytes of section `name`; throws {@link BinaryFileError} when the file lacks it. */
export function sectionBytes(file: BinaryFile, name: string): Uint8Array {
  const section = file.sections.get(name);
  if (!section) throw new BinaryFileError(`it lacks the section ${name}`);
  return section.bytes;
}

function typedView<T>(
  file: BinaryFile,
  name: string,
  size: number,
  make: (buffer: ArrayBufferLike, offset: number, length: number) => T,
): T {
  const bytes = sectionBytes(file, name);
  if (bytes.byteLength % size !== 0) throw new BinaryFileError(`section ${name} is truncated`);
  if (bytes.byteOffset % size !== 0) throw new BinaryFileError(`section ${name} is misaligned`);
  return make(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
}

/** Section `name` viewed as a Uint16Array (no copy): UTF-16LE text left undecoded, for instance. */
export function uint16Section(file: BinaryFile, name: string): Uint16Array {
  return typedView(file, name, 2, (buffer, offset, length) => new Uint16Array(buffer, offset, length));
}

/** Section `name` viewed as a Uint32Array (no copy). */
export function uint32Section(file: BinaryFile, name: string): Uint32Array {
  return typedView(file, name, 4, (buffer, offset, length) => new Uint32Array(buffer, offset, length));
}

/** Section `name` viewed as an Int32Array (no copy). */
export function int32Section(file: BinaryFile, name: string): Int32Array {
  return typedView(file, name, 4, (buffer, offset, length) => new Int32Array(buffer, offset, length));
}

/** Section `name` as one string, from UTF-16LE. */
export function utf16Section(file: BinaryFile, name: string): string {
  const bytes = utf16BytesSection(file, name);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
}

/** The UTF-16LE bytes of section `name`, undecoded (checked to be whole code units). */
export function utf16BytesSection(file: BinaryFile, name: string): Uint8Array {
  const bytes = sectionBytes(file, name);
  if (bytes.byteLength % 2 !== 0) throw new BinaryFileError(`section ${name} is truncated`);
  return bytes;
}

/** Section `name` parsed from JSON (for the small, irregular parts). */
export function jsonSection(file: BinaryFile, name: string): unknown {
  const bytes = sectionBytes(file, name);
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

/** A string as UTF-16LE bytes, for {@link utf16Section}. */
export function utf16Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf16le'));
}

/** A value as UTF-8 JSON bytes, for {@link jsonSection}. */
export function jsonBytes(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
}
