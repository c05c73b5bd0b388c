import { describe, expect, it } from 'vitest';
import { classifySmaps } from './smaps-classes.ts';

/** One smaps entry: a header line and the fields the classifier reads (kB). */
const entry = (range: string, perms: string, path: string, rssKb: number, hugeKb = 0) =>
  [
    `${range} ${perms} 00000000 00:00 0${path ? `          ${path}` : ''}`,
    `Size:               ${rssKb} kB`,
    `Rss:                ${rssKb} kB`,
    `Pss:                ${rssKb} kB`,
    `AnonHugePages:      ${hugeKb} kB`,
    'VmFlags: rd wr mr mw me ac',
  ].join('\n');

const MB = 1024 * 1024;

describe('classifySmaps', () => {
  const text = [
    entry('555555554000-555555560000', 'r-xp', '/usr/bin/node', 48),
    entry('555555600000-555555a00000', 'rw-p', '[heap]', 4096, 2048),
    // A thread arena: 64 MB-aligned, 8 MB used, the rest of its 64 MB reserved `---p`.
    entry('7f0004000000-7f0004800000', 'rw-p', '', 8192, 4096),
    entry('7f0004800000-7f0008000000', '---p', '', 0),
    // 64 MB-aligned but followed by nothing reserved: a large block, not an arena.
    entry('7f0010000000-7f0010400000', 'rw-p', '', 4096),
    // Not aligned: V8 pages or a large malloc block.
    entry('7f0020040000-7f0020080000', 'rw-p', '', 256),
    entry('7ffc00000000-7ffc00021000', 'rw-p', '[stack]', 132),
    entry('7ffc00100000-7ffc00102000', 'r-xp', '[vdso]', 8),
  ].join('\n');
  const classes = classifySmaps(text);

  it.each([
    ['file', 48 * 1024],
    ['mainArena', 4 * MB],
    ['threadArenas', 8 * MB],
    ['threadArenaCount', 1],
    ['stacks', 132 * 1024],
    ['otherAnonymous', 4 * MB + 256 * 1024 + 8 * 1024],
    ['anonHugePages', 6 * MB],
  ] as const)('%s', (key, bytes) => {
    expect(classes[key]).toBe(bytes);
  });

  it('classes sum to the RSS', () => {
    const { file, mainArena, threadArenas, stacks, otherAnonymous, rss } = classes;
    expect(file + mainArena + threadArenas + stacks + otherAnonymous).toBe(rss);
    expect(rss).toBe((48 + 4096 + 8192 + 4096 + 256 + 132 + 8) * 1024);
  });

  it('reads nothing from an empty text', () => {
    expect(classifySmaps('').rss).toBe(0);
  });
});
