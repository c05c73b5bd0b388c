import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSearcher } from '../../src/search/searcher.ts';
import type { SearchMode, SearchResponse } from '../../src/types.ts';
import { seedIndex, seedIndexDir } from '../helpers/seed-index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

let indexDir: string;
beforeAll(async () => {
  indexDir = await seedIndexDir();
});

/**
 * Runs what `npm run search -- …args` runs (without npm's banner: the sources compiled by
 * scripts/run.mjs, the semantic worker too) and returns its stdout, stderr and exit code.
 */
async function search(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return searchIn(indexDir, ...args);
}

/** {@link search} over the index in `dir`. */
async function searchIn(
  dir: string,
  ...args: string[]
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['scripts/run.mjs', 'src/cli/search.ts', '--index', dir, ...args],
      { cwd: ROOT },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('npm run search', () => {
  it('refuses a bad year with the API message and exit code 2', async () => {
    const { stderr, code } = await search('专利', '--year', '20x1');
    expect(code).toBe(2);
    expect(stderr).toMatch(/year takes a year/);
  });

  it('prints the same JSON the API returns with --json', async () => {
    const { stdout, code } = await search(
      '知识产权质押融资',
      '--mode',
      'keyword',
      '--year',
      '2020-2021',
      '--limit',
      '3',
      '--json',
    );
    expect(code).toBe(0);
    const response = JSON.parse(stdout);
    expect(response).toMatchObject({ query: '知识产权质押融资', mode: 'keyword' });
    expect(response.hits.length).toBeGreaterThan(0);
    expect(response.hits.length).toBeLessThanOrEqual(3);
    for (const hit of response.hits) expect([2020, 2021]).toContain(hit.year);
  });

  // The keyword mode opens no semantic half; the default (hybrid) waits for it: both as the server answers.
  it.each([
    ['--mode keyword', ['--mode', 'keyword'], 'keyword'],
    ['no --mode (hybrid)', [], 'hybrid'],
  ] as [string, string[], SearchMode][])(
    'prints the hits and scores the server gives with %s',
    async (_name, args, mode) => {
      const { stdout, code } = await search('知识产权质押融资', ...args, '--json');
      expect(code).toBe(0);
      const printed = JSON.parse(stdout) as SearchResponse;
      const served = await createSearcher(await seedIndex(), { resultCache: false }).search({
        query: '知识产权质押融资',
        mode,
        limit: 20,
        offset: 0,
        filters: {},
      });
      expect(printed.mode).toBe(mode);
      expect(printed.hits.length).toBeGreaterThan(0);
      expect(printed.hits.map((hit) => [hit.id, hit.score, hit.matchedBy])).toEqual(
        served.hits.map((hit) => [hit.id, hit.score, hit.matchedBy]),
      );
    },
  );

  it('answers the timeline subcommand with the first year', async () => {
    const { stdout, code } = await search('timeline', '数据知识产权');
    expect(code).toBe(0);
    expect(stdout).toMatch(/first appears in 2023/);
  });

  // The bundled CLI verifies what it opens as the sources do: one flipped byte is refused, with the rebuild command.
  it.each(['paragraphs.bin', 'keyword.bin', 'documents.json'])(
    'refuses an index whose %s has one byte flipped, naming the file and the rebuild command',
    async (name) => {
      const copy = await mkdtemp(path.join(tmpdir(), 'cli-damaged-'));
      try {
        await cp(indexDir, copy, { recursive: true });
        const build = (await readFile(path.join(copy, 'CURRENT'), 'utf8')).trim();
        const file = path.join(copy, build, name);
        const bytes = await readFile(file);
        const at = Math.floor(bytes.length / 2);
        bytes[at] = (bytes[at] as number) ^ 0xff;
        await writeFile(file, bytes);
        const { stdout, stderr, code } = await searchIn(copy, '专利', '--mode', 'keyword');
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toContain(`${name} is corrupted (checksum mismatch)`);
        expect(stderr).toMatch(/npm run index/u);
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    },
  );
});
