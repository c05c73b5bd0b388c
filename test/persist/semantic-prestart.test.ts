/**
 * The semantic worker started before the rest of a program is imported: `openIndex` adopts it when
 * it opens the same build the same way, closes it otherwise, and an index with nothing to start
 * (or no readable build) gives no early start.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/persist/open-index.ts';
import {
  prestartSemanticThread,
  sameWorkerData,
  semanticWorkerData,
} from '../../src/persist/semantic-prestart.ts';
import type { EmbedderInfo } from '../../src/types.ts';
import type { SemanticThread } from '../../src/vector/semantic-thread.ts';
import { seedIndexDir } from '../helpers/seed-index.ts';

let indexDir = '';
let emptyDir = '';

/** Whether the worker behind `thread` has been closed: a closed one refuses every request. */
async function isClosed(thread: SemanticThread): Promise<boolean> {
  return thread.vectorOf(0).then(
    () => false,
    (error: Error) => /closed/u.test(error.message),
  );
}

beforeAll(async () => {
  indexDir = await seedIndexDir();
  emptyDir = await mkdtemp(path.join(os.tmpdir(), 'prestart-'));
});

afterAll(async () => {
  await rm(emptyDir, { recursive: true, force: true });
});

describe('prestartSemanticThread', () => {
  it('starts the worker over the live build, and openIndex adopts that very thread', async () => {
    const prestarted = prestartSemanticThread(indexDir, {});
    const early = await prestarted;
    expect(early?.data.buildDir.startsWith(indexDir)).toBe(true);
    const index = await openIndex(indexDir, {}, { prestarted });
    try {
      const thread = await early?.load;
      expect(index.semantic?.neighbours).toBe(thread);
      expect(await index.semantic?.neighbours.nearestToText('知识产权质押融资', 3)).toHaveLength(3);
    } finally {
      await index.close();
    }
  });

  it('is closed by an open that does not use it (a keyword-only open)', async () => {
    const prestarted = prestartSemanticThread(indexDir, {});
    const index = await openIndex(indexDir, {}, { prestarted, keywordOnly: true });
    try {
      expect(index.semantic).toBeNull();
      const thread = (await prestarted)?.load;
      expect(thread).toBeDefined();
      for (let waited = 0; !(await isClosed(await (thread as Promise<SemanticThread>))); waited += 50) {
        if (waited > 10_000) throw new Error('the unused early worker was not closed');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await index.close();
    }
  });

  it.each([
    ['no build', async () => {}],
    [
      'a CURRENT that names no build folder',
      () => writeFile(path.join(emptyDir, 'CURRENT'), '../elsewhere\n'),
    ],
  ])('starts nothing for an index folder with %s', async (_case, prepare) => {
    await prepare();
    expect(await prestartSemanticThread(emptyDir, {})).toBeNull();
  });
});

describe('sameWorkerData', () => {
  const info: EmbedderInfo = { kind: 'corpus', model: 'lsa-1', dimensions: 8 };
  const base = semanticWorkerData('/index/build-1-1', { paragraphs: 10, similarity: undefined }, info, {});

  it.each([
    ['the same build, embedder and models', base, true],
    ['another build', { ...base, buildDir: '/index/build-2-1' }, false],
    ['another embedder', { ...base, embedder: { ...info, model: 'lsa-2' } }, false],
    ['another model location', { ...base, models: { localModelPath: '/models' } }, false],
    ['recorded cut-offs (no calibration)', { ...base, calibrate: false }, false],
  ])('%s → %s', (_case, other, same) => {
    expect(sameWorkerData(base, other)).toBe(same);
  });
});
