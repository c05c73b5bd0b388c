import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedIndexDir } from '../helpers/seed-index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

let indexDir: string;
beforeAll(async () => {
  indexDir = await seedIndexDir();
});

/** Runs what `npm run compare -- …args` runs and returns its stdout, stderr and exit code. */
async function compare(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/compare.ts', '--index', indexDir, ...args],
      { cwd: ROOT },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('npm run compare', () => {
  it('refuses a name that matches several documents, listing them, with exit code 2', async () => {
    const { stderr, code } = await compare('知识产权', '指引(2023)');
    expect(code).toBe(2);
    expect(stderr).toMatch(/matches 5 documents/);
    expect(stderr).toMatch(/2af174613469/);
  });

  it('refuses an unknown status with exit code 2', async () => {
    const { stderr, code } = await compare('指引(2021)', '指引(2023)', '--status', 'changed');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--status takes/);
  });

  it('prints the summary and the rows, documents named by part of the title', async () => {
    const { stdout, code } = await compare('指引(2021)', '指引(2023)', '--status', 'modified');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2021 推动知识产权高质量发展年度工作指引（2021） {2}→ {2}2023 /);
    expect(stdout).toMatch(
      /延续 continued \d+ · 调整 modified \d+ · 待定 uncertain \d+ · 新增 new \d+ · 删除 dropped \d+/,
    );
    expect(stdout).toMatch(/\[调整\] [\d.]+\n {2}− .*发明专利审查周期压减至18\.5个月/);
    expect(stdout).toMatch(/数字 .*18\.5个月.* → .*16个月/);
    expect(stdout).not.toMatch(/\[延续\]/);
  });

  it('prints the API’s JSON with --json, and with one document compares it with its previous edition', async () => {
    const { stdout, code } = await compare('指引(2023)', '--json');
    expect(code).toBe(0);
    const body = JSON.parse(stdout);
    expect(body.from.title).toBe('推动知识产权高质量发展年度工作指引（2021）');
    expect(body.to.title).toBe('推动知识产权高质量发展年度工作指引（2023）');
    expect(body.summary.modified).toBe(
      body.links.filter((link: { status: string }) => link.status === 'modified').length,
    );
  });
});
