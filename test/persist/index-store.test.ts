import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddingCache } from '../../src/embedding/embedding-cache.ts';
import { IndexLoadError } from '../../src/errors.ts';
import {
  currentBuildDir,
  fingerprintInput,
  loadIndex,
  readEmbeddingCache,
  readManifest,
  staleReason,
  verifyBuild,
  writeBuild,
  writeEmbeddingCache,
  writeJson,
} from '../../src/persist/index-store.ts';
import type { Manifest } from '../../src/types.ts';

const versions = { formatVersion: 1, analyzerVersion: 7 };

let root: string;
let indexDir: string;
let inputDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'index-store-'));
  indexDir = path.join(root, 'index-data');
  inputDir = path.join(root, 'input');
  await writeJson(path.join(inputDir, 'a.txt'), 'first');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function manifestFor(overrides: Partial<Manifest> = {}): Promise<Manifest> {
  return {
    ...versions,
    builtAt: new Date().toISOString(),
    inputDir,
    inputFingerprint: await fingerprintInput(inputDir),
    documents: 1,
    paragraphs: 1,
    embedder: null,
    ...overrides,
  };
}

async function buildWith(manifest: Manifest, startedAt?: number): Promise<string> {
  return writeBuild(
    indexDir,
    async (dir) => {
      await writeJson(path.join(dir, 'manifest.json'), manifest);
      await writeFile(path.join(dir, 'data.bin'), 'x'.repeat(100));
    },
    startedAt,
  );
}

describe('writeBuild', () => {
  it('leaves the previous build current when a build throws half-way', async () => {
    const first = await buildWith(await manifestFor(), 1_000);
    await expect(
      writeBuild(
        indexDir,
        async (dir) => {
          await writeJson(path.join(dir, 'manifest.json'), await manifestFor());
          throw new Error('disk on fire');
        },
        2_000,
      ),
    ).rejects.toThrow('disk on fire');
    expect(await currentBuildDir(indexDir)).toBe(first);
    expect((await readdir(indexDir)).filter((name) => name.startsWith('build-'))).toEqual([
      path.basename(first),
    ]);
  });

  it('switches CURRENT to the new build and removes the older one', async () => {
    const first = await buildWith(await manifestFor(), 1_000);
    const second = await buildWith(await manifestFor(), 2_000);
    expect(await currentBuildDir(indexDir)).toBe(second);
    expect(await readdir(indexDir)).not.toContain(path.basename(first));
    expect((await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim()).toBe(path.basename(second));
  });
});

describe('writeBuild: files written through its writer', () => {
  it.each([
    ['a string', 'text ✓ 知识产权'],
    ['bytes', Uint8Array.from([0, 1, 2, 255])],
    ['chunks', [Uint8Array.from([1, 2]), new Uint8Array(0), Uint8Array.from([3])]],
  ])(
    'records the checksum of %s as hashed while written: the build passes its check',
    async (_name, data) => {
      const dir = await writeBuild(indexDir, async (buildDir, files) => {
        await writeJson(path.join(buildDir, 'manifest.json'), await manifestFor());
        await files.write('part/data.bin', data);
      });
      await expect(verifyBuild(indexDir, dir)).resolves.toBeUndefined();
      const recorded = JSON.parse(await readFile(path.join(dir, 'checksums.json'), 'utf8'));
      expect(recorded['part/data.bin'].bytes).toBe((await stat(path.join(dir, 'part/data.bin'))).size);
    },
  );
});

describe('writeBuild: files reused from an earlier build', () => {
  it('hard-links a file of the previous build: the same bytes under the checksum it recorded', async () => {
    const first = await buildWith(await manifestFor(), 1_000);
    let shared = false;
    const second = await writeBuild(
      indexDir,
      async (dir, files) => {
        await writeJson(path.join(dir, 'manifest.json'), await manifestFor());
        await files.reuse(first, 'data.bin');
        const [old, linked] = await Promise.all([
          stat(path.join(first, 'data.bin')),
          stat(path.join(dir, 'data.bin')),
        ]);
        shared = old.ino === linked.ino;
      },
      2_000,
    );
    expect(shared).toBe(true);
    // The previous build is gone now; its link still holds the bytes, and they pass their check.
    expect(await readdir(indexDir)).not.toContain(path.basename(first));
    expect(await readFile(path.join(second, 'data.bin'), 'utf8')).toBe('x'.repeat(100));
    await expect(verifyBuild(indexDir, second)).resolves.toBeUndefined();
  });

  it('leaves the previous build serving, its file intact, when the new build fails after linking', async () => {
    const first = await buildWith(await manifestFor(), 1_000);
    const failed = writeBuild(
      indexDir,
      async (_dir, files) => {
        await files.reuse(first, 'data.bin');
        throw new Error('killed half-way');
      },
      2_000,
    );
    await expect(failed).rejects.toThrow('killed half-way');
    expect(await currentBuildDir(indexDir)).toBe(first);
    expect(await readdir(indexDir)).toEqual(['CURRENT', path.basename(first)]);
    await expect(verifyBuild(indexDir, first)).resolves.toBeUndefined();
  });

  it('refuses a file the previous build did not record', async () => {
    const first = await buildWith(await manifestFor(), 1_000);
    const failed = writeBuild(indexDir, (_dir, files) => files.reuse(first, 'missing.bin').then(() => {}));
    await expect(failed).rejects.toThrow(/missing.bin is not recorded/);
    expect(await currentBuildDir(indexDir)).toBe(first);
  });
});

describe('currentBuildDir and verifyBuild', () => {
  it('refuses a missing index with the rebuild command', async () => {
    await expect(currentBuildDir(indexDir)).rejects.toThrow(/no index has been built.*npm run index/);
  });

  it.each([
    ['a truncated file', (text: string) => text.slice(0, 50), /has 50 bytes, 100 were written/],
    ['a corrupted file', (text: string) => `y${text.slice(1)}`, /checksum mismatch/],
  ])('refuses %s with one line and the rebuild command', async (_name, damage, message) => {
    const dir = await buildWith(await manifestFor());
    const file = path.join(dir, 'data.bin');
    await writeFile(file, damage(await readFile(file, 'utf8')));
    const error = await verifyBuild(indexDir, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexLoadError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/npm run index$/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses a CURRENT that points outside the index', async () => {
    await buildWith(await manifestFor());
    await writeFile(path.join(indexDir, 'CURRENT'), '../../etc\n');
    await expect(currentBuildDir(indexDir)).rejects.toThrow(/names no build folder/);
  });
});

describe('loadIndex', () => {
  it('refuses an outdated index before checking its files', async () => {
    const dir = await buildWith(await manifestFor({ analyzerVersion: 6 }));
    await writeFile(path.join(dir, 'data.bin'), 'damaged');
    await expect(loadIndex(indexDir, versions)).rejects.toThrow(/analyzer version 6/);
  });
});

describe('readManifest', () => {
  it.each([
    ['format', { formatVersion: 0 }, /format version 0, this code reads version 1/],
    ['analyzer', { analyzerVersion: 6 }, /analyzer version 6, this code uses version 7/],
  ])('refuses an index of another %s version', async (_name, overrides, message) => {
    const dir = await buildWith(await manifestFor(overrides));
    await expect(readManifest(indexDir, dir, versions)).rejects.toThrow(message);
  });

  it('refuses a manifest that is not JSON', async () => {
    const dir = await writeBuild(indexDir, async (buildDir) => {
      await writeFile(path.join(buildDir, 'manifest.json'), '{"formatVersion": 1,');
    });
    await expect(readManifest(indexDir, dir, versions)).rejects.toThrow(/manifest.json is not valid JSON/);
  });
});

describe('staleReason', () => {
  it('calls an index current when nothing changed', async () => {
    await buildWith(await manifestFor());
    expect(await staleReason(indexDir, inputDir, versions)).toBeNull();
  });

  it.each([
    ['a file is added', () => writeFile(path.join(inputDir, 'b.txt'), 'new')],
    [
      'a file is touched',
      () => utimes(path.join(inputDir, 'a.txt'), new Date(), new Date(2_000_000_000_000)),
    ],
    ['a file is removed', () => rm(path.join(inputDir, 'a.txt'))],
  ])('calls an index stale when %s', async (_name, change) => {
    await buildWith(await manifestFor());
    await change();
    expect(await staleReason(indexDir, inputDir, versions)).toMatch(/changed since the index was built/);
  });

  it('calls a missing index stale', async () => {
    expect(await staleReason(indexDir, inputDir, versions)).toMatch(/no index has been built/);
  });

  it('calls an index of another analyzer version stale', async () => {
    await buildWith(await manifestFor({ analyzerVersion: 3 }));
    expect(await staleReason(indexDir, inputDir, versions)).toMatch(/analyzer version 3/);
  });
});

describe('writeEmbeddingCache', () => {
  it('keeps the vectors for the next build and drops caches of older models of the same kind', async () => {
    const older = { kind: 'corpus' as const, model: 'lsa-old', dimensions: 2 };
    const newer = { kind: 'corpus' as const, model: 'lsa-new', dimensions: 2 };
    const transformer = { kind: 'transformer' as const, model: 'bge', dimensions: 2 };
    for (const info of [older, transformer, newer]) {
      const cache = createEmbeddingCache(info);
      cache.set('知识产权', Float32Array.of(0.6, 0.8));
      await writeEmbeddingCache(indexDir, info, cache);
    }
    expect((await readEmbeddingCache(indexDir, newer)).get('知识产权')).toEqual(Float32Array.of(0.6, 0.8));
    expect((await readEmbeddingCache(indexDir, transformer)).size).toBe(1);
    expect((await readEmbeddingCache(indexDir, older)).size).toBe(0);
  });
});
