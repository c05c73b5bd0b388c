import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadThreadedEmbedder,
  type ThreadedEmbedder,
  workerExecArgv,
} from '../../src/embedding/threaded-embedder.ts';
import {
  loadTransformerEmbedder,
  ModelUnavailableError,
  type TransformerEmbedder,
} from '../../src/embedding/transformer-embedder.ts';
import { type TinyModel, tinyModelLocation, writeTinyOnnxModel } from '../helpers/tiny-onnx-model.ts';

const THREADED_EMBEDDER = new URL('../../src/embedding/threaded-embedder.ts', import.meta.url).href;

/** Asserts two vectors are equal up to float rounding (batches of other shapes sum in another order). */
function expectSameVector(actual: Float32Array | undefined, expected: Float32Array | undefined): void {
  expect(actual).toHaveLength(expected?.length ?? -1);
  expect(Array.from(actual ?? [])).toEqual(Array.from(expected ?? []).map((x) => expect.closeTo(x, 6)));
}

describe('workerExecArgv', () => {
  const SOURCE_WORKER = new URL('file:///app/src/persist/semantic-worker.ts');
  const COMPILED_WORKER = new URL('file:///app/build/0123abcd/src/persist/semantic-worker.js');

  it.each([
    ['tsx --import', ['--import', 'tsx']],
    ['tsx --import=', ['--import=tsx']],
    [
      'the tsx command',
      [
        '--require',
        '/app/node_modules/tsx/dist/preflight.cjs',
        '--import',
        'file:///app/node_modules/tsx/dist/loader.mjs',
      ],
    ],
  ])('lets workers inherit the flags when %s is registered', (_case, execArgv) => {
    expect(workerExecArgv(SOURCE_WORKER, execArgv)).toBeUndefined();
  });

  it('lets a compiled worker inherit the flags: it needs no loader', () => {
    expect(workerExecArgv(COMPILED_WORKER, ['--max-semi-space-size=32'])).toBeUndefined();
  });

  it('adds tsx, resolved to a file, when it is not registered', () => {
    const execArgv = workerExecArgv(SOURCE_WORKER, ['--conditions', 'development']);
    expect(execArgv?.slice(0, 3)).toEqual(['--conditions', 'development', '--import']);
    expect(execArgv?.[3]).toMatch(/^file:\/\/.*\/tsx\//u);
  });
});

describe('loadThreadedEmbedder', () => {
  let tiny: TinyModel;
  let local: TransformerEmbedder;
  let threaded: ThreadedEmbedder;
  // A 16-token window, so long texts are chunked in the worker as they are in process.
  const options = () => ({ ...tinyModelLocation(tiny), chunkOverlap: 4, batchSize: 3 });

  beforeAll(async () => {
    tiny = writeTinyOnnxModel({ maxLength: 16 });
    local = await loadTransformerEmbedder(options());
    // Vitest's workers do not register tsx: loading here proves the worker gets it on its own.
    threaded = await loadThreadedEmbedder(options());
  });

  afterAll(async () => {
    await threaded?.close();
    await local?.close();
    if (tiny) rmSync(tiny.dir, { recursive: true, force: true });
  });

  it('describes itself as the in-process embedder does', () => {
    expect(threaded.info).toEqual(local.info);
    expect(threaded.info).toEqual({ kind: 'transformer', model: tiny.modelId, dimensions: 16 });
  });

  it.each(['知识产权', '一窗通办', '数据知识产权质押融资入园惠企工作', 'AI 专利'])(
    'embeds the query %s to the vector the in-process embedder gives',
    async (query) => {
      expectSameVector(await threaded.embedQuery(query), await local.embedQuery(query));
    },
  );

  it('embeds passages to the in-process vectors, in input order, reporting progress per task', async () => {
    const texts = [
      '知识产权质押融资',
      '一窗通办',
      '深入开展知识产权质押融资入园惠企工作完善专利开放许可运行机制',
      '商标审查周期',
      '专利',
      '数据知识产权',
      '促进专利以许可的方式转化实施',
    ];
    const progress: number[] = [];
    const vectors = await threaded.embedPassages(texts, (done, total) => {
      expect(total).toBe(texts.length);
      progress.push(done);
    });
    const expected = await local.embedPassages(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const [i, vector] of vectors.entries()) expectSameVector(vector, expected[i]);
    expect(progress).toEqual([3, 6, 7]);
  });

  it('answers queries posted at once, each with its own vector', async () => {
    const queries = ['专利', '商标', '版权', '地理标志'];
    const vectors = await Promise.all(queries.map((query) => threaded.embedQuery(query)));
    for (const [i, query] of queries.entries()) expectSameVector(vectors[i], await local.embedQuery(query));
  });

  it('fails with ModelUnavailableError naming the model when it is not on disk', async () => {
    const loading = loadThreadedEmbedder({ ...options(), model: 'nobody/no-such-model' });
    await expect(loading).rejects.toThrow(ModelUnavailableError);
    await expect(loading).rejects.toThrow(/nobody\/no-such-model/);
  });

  it('refuses work once closed', async () => {
    const closing = await loadThreadedEmbedder(options());
    expectSameVector(await closing.embedQuery('专利'), await local.embedQuery('专利'));
    await closing.close();
    await expect(closing.embedQuery('专利')).rejects.toThrow(/closed/);
  });
});

describe('a process holding a threaded embedder', () => {
  let tiny: TinyModel;

  beforeAll(() => {
    tiny = writeTinyOnnxModel();
  });

  afterAll(() => {
    if (tiny) rmSync(tiny.dir, { recursive: true, force: true });
  });

  /**
   * Runs a script that embeds one query under `node --import tsx` — tsx registered, as under the
   * server's `tsx` command — and resolves with its exit code.
   */
  function runScript(close: boolean): Promise<number | null> {
    const file = join(tiny.dir, `hold-embedder-${close}.mts`);
    writeFileSync(
      file,
      `import { loadThreadedEmbedder } from '${THREADED_EMBEDDER}';
const embedder = await loadThreadedEmbedder(${JSON.stringify({ model: tiny.modelId, localModelPath: tiny.dir, cacheDir: tiny.dir })});
if ((await embedder.embedQuery('知识产权')).length === ${tiny.dimensions}) process.exitCode = 7;
${close ? 'await embedder.close();' : ''}
`,
    );
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', file], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      // A process held open by a live worker would never exit: stop it so the test fails, not hangs.
      const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(guard);
        resolve(code);
      });
    });
  }

  it.each([
    ['after close()', true],
    ['without close(): an idle worker holds no reference', false],
  ])('exits by itself once its work is done, %s', async (_case, close) => {
    expect(await runScript(close)).toBe(7);
  });
});
