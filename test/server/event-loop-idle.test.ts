import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { eventLoopIdledSinceLastAsk } from '../../src/server/event-loop-idle.ts';

describe('eventLoopIdledSinceLastAsk', () => {
  it('is true after the loop waited for a timer, false while this thread has stayed busy', async () => {
    const idled = eventLoopIdledSinceLastAsk();
    await sleep(20);
    expect(idled()).toBe(true);
    const until = performance.now() + 20;
    while (performance.now() < until) {}
    expect(idled()).toBe(false);
    await sleep(20);
    expect(idled()).toBe(true);
  });
});
