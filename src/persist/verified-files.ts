/**
 * Reading a build's files against `checksums.json` (size + CRC-32 of every file, written last by
 * `writeBuild`; see file-checksum.ts): the one checksum reader, used by the main thread's loader and
 * by the semantic worker. A file the loader keeps is read once into memory of its own and checked
 * there; a file someone else reads (hnswlib reads `vector/hnsw.bin` itself) is checked by streaming
 * it through one reused buffer, so checking it allocates nothing. Any mismatch is thrown as the
 * error the caller's `refuse` makes of the reason (the loader: an {@link IndexLoadError} ending with
 * the rebuild command; the worker: a plain error it posts back as data).
 */
import { readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_FILES } from './build-folder.ts';
import { CHECKSUM_KIND, type FileChecksum, fileChecksum, runningChecksum } from './file-checksum.ts';

/** Size and checksum of every file of a build, keyed by its path relative to the build folder. */
export type Checksums = Record<string, FileChecksum>;

/** The files of one build, each checked against its recorded checksum as it is read. */
export interface VerifiedFiles {
  /** Whether the build recorded a file of that name. */
  has(name: string): boolean;
  /** The whole file, in a buffer of its own (8-byte aligned), after its size and checksum were checked. */
  read(name: string): Promise<Uint8Array>;
  /**
   * The whole file, checked likewise, in a `SharedArrayBuffer` of its own: worker threads are handed
   * the same bytes without a copy (the keyword search threads, src/persist/keyword-threads.ts).
   */
  readShared(name: string): Promise<Uint8Array>;
  /** Checks a file's size and checksum without keeping its bytes. */
  verify(name: string): Promise<void>;
  /** Checks that the file is there with its recorded size (its checksum is checked by {@link readNow}). */
  checkSize(name: string): Promise<void>;
  /**
   * The whole file read now, blocking, after its size and checksum were checked: for a file first
   * needed long after start-up by a synchronous reader (the type-ahead suggestions).
   */
  readNow(name: string): Uint8Array;
}

/** Read and check in chunks this large: few system calls, and each chunk is checked while still in the CPU cache. */
const CHUNK_BYTES = 1 << 20;
/** Chunks of a kept file read ahead of the one being checked: enough to keep libuv's four threads busy. */
const READ_AHEAD = 8;

/**
 * Opens the checksums of the build in `buildDir`; throws `refuse(reason)` when they are missing or
 * unreadable, and later when a file does not match them (the reason names the file).
 */
export async function readVerifiedFiles(
  buildDir: string,
  refuse: (reason: string) => Error,
): Promise<VerifiedFiles> {
  let checksums: Checksums;
  try {
    const handle = await open(path.join(buildDir, BUILD_FILES.checksums), 'r');
    try {
      checksums = JSON.parse(await handle.readFile('utf8')) as Checksums;
    } finally {
      await handle.close();
    }
  } catch {
    throw refuse(`${BUILD_FILES.checksums} is missing or unreadable`);
  }
  const expected = (name: string): FileChecksum => {
    const entry = checksums[name];
    if (!entry) throw refuse(`${name} is not listed in ${BUILD_FILES.checksums}`);
    // A build of format 4 recorded sha256: refused by its format version first, and here too.
    if (typeof entry[CHECKSUM_KIND] !== 'string') {
      throw refuse(
        `${BUILD_FILES.checksums} records no ${CHECKSUM_KIND} checksum for ${name} (an older format)`,
      );
    }
    return entry;
  };

  /**
   * Reads the whole file chunk by chunk into `into` (the file's own buffer) or, without one, into
   * one reused chunk, checksumming each chunk right after it is read, while it is still in the CPU
   * cache. Into its own buffer the file is read ahead: up to {@link READ_AHEAD} chunks are being read
   * by libuv's threads while this thread checksums the ones already in, so the two overlap.
   */
  async function scan(name: string, into: Buffer | null): Promise<void> {
    const { bytes: size, crc32 } = expected(name);
    const handle = await open(path.join(buildDir, name), 'r').catch(() => {
      throw refuse(`${name} is missing`);
    });
    const inFlight: Promise<unknown>[] = [];
    try {
      const { size: actual } = await handle.stat();
      if (actual !== size) throw refuse(`${name} has ${actual} bytes, ${size} were written`);
      const checksum = runningChecksum();
      const reused = into ? null : Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, Math.max(size, 1)));
      const readChunk = async (position: number): Promise<Buffer> => {
        const length = Math.min(CHUNK_BYTES, size - position);
        const buffer = into ?? (reused as Buffer);
        const offset = into ? position : 0;
        const { bytesRead } = await handle.read(buffer, offset, length, position);
        if (bytesRead !== length) throw refuse(`${name} has fewer bytes than it did a moment ago`);
        return buffer.subarray(offset, offset + length);
      };
      const ahead = into ? READ_AHEAD : 1;
      let next = 0;
      const issue = () => {
        const read = readChunk(next);
        // Failures surface when the chunk's turn comes; none is left unhandled meanwhile.
        read.catch(() => {});
        inFlight.push(read);
        next += CHUNK_BYTES;
      };
      while (next < size && inFlight.length < ahead) issue();
      while (inFlight.length > 0) {
        const chunk = await (inFlight.shift() as Promise<Buffer>);
        checksum.update(chunk);
        if (next < size) issue();
      }
      if (checksum.digest().crc32 !== crc32) throw refuse(`${name} is corrupted (checksum mismatch)`);
    } finally {
      // A read still running must not find its file closed under it.
      await Promise.allSettled(inFlight);
      await handle.close();
    }
  }

  return {
    has: (name) => checksums[name] !== undefined,
    async read(name) {
      // Its own ArrayBuffer (not Buffer's shared pool): aligned for typed views of its sections.
      const whole = Buffer.allocUnsafeSlow(expected(name).bytes);
      await scan(name, whole);
      return new Uint8Array(whole.buffer, 0, whole.length);
    },
    async readShared(name) {
      const shared = new SharedArrayBuffer(expected(name).bytes);
      await scan(name, Buffer.from(shared));
      return new Uint8Array(shared);
    },
    verify: (name) => scan(name, null),
    async checkSize(name) {
      const { bytes: size } = expected(name);
      const actual = await stat(path.join(buildDir, name)).then(
        (info) => info.size,
        () => {
          throw refuse(`${name} is missing`);
        },
      );
      if (actual !== size) throw refuse(`${name} has ${actual} bytes, ${size} were written`);
    },
    readNow(name) {
      const { bytes: size, crc32 } = expected(name);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(buildDir, name));
      } catch {
        throw refuse(`${name} is missing`);
      }
      if (bytes.length !== size) throw refuse(`${name} has ${bytes.length} bytes, ${size} were written`);
      if (fileChecksum(bytes).crc32 !== crc32) {
        throw refuse(`${name} is corrupted (checksum mismatch)`);
      }
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
