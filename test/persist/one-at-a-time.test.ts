/**
 * oneAtATime: the semantic worker's tasks, posted to it all at once, still run one at a time and in
 * the order they came; a failed task fails alone.
 */
import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../src/persist/one-at-a-time.ts';

const tick = () => new Promise<void>((done) => setImmediate(done));

describe('oneAtATime', () => {
  it('starts each task only once the one before it has settled, in the order asked', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const handle = oneAtATime(async (task: number) => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${task}`);
      // Tasks that await (a transformer's embedding) would interleave without the chain.
      await tick();
      await tick();
      log.push(`end ${task}`);
      running--;
      return task * 10;
    });
    const answers = await Promise.all([1, 2, 3, 4].map((task) => handle(task)));
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(most).toBe(1);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });

  it.each([
    ['throws', (task: number) => (task === 2 ? Promise.reject(new Error('no 2')) : Promise.resolve(task))],
    [
      'rejects later',
      async (task: number) => {
        await tick();
        if (task === 2) throw new Error('no 2');
        return task;
      },
    ],
  ])('fails only the task that %s; the ones after it are answered', async (_name, work) => {
    const handle = oneAtATime(work);
    const settled = await Promise.allSettled([1, 2, 3].map((task) => handle(task)));
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('no 2'));
    expect((settled[2] as PromiseFulfilledResult<number>).value).toBe(3);
  });
});
