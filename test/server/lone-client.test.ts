import { describe, expect, it } from 'vitest';
import { loneClient } from '../../src/server/lone-client.ts';

describe('loneClient', () => {
  const [a, b] = [{}, {}];
  it.each<[string, [at: number, connection: object][], number, boolean]>([
    ['no request yet', [], 0, true],
    [
      'one connection, request after request',
      [
        [0, a],
        [5, a],
        [10, a],
      ],
      11,
      true,
    ],
    [
      'a second connection just now',
      [
        [0, a],
        [5, b],
      ],
      6,
      false,
    ],
    [
      'connections taking turns',
      [
        [0, a],
        [1, b],
        [2, a],
        [3, b],
      ],
      3,
      false,
    ],
    [
      'the other connection quiet for longer than the window',
      [
        [0, a],
        [5, b],
        [50, b],
        [200, b],
      ],
      200,
      true,
    ],
    [
      'the window not yet over',
      [
        [0, a],
        [5, b],
      ],
      104,
      false,
    ],
  ])('%s', (_name, requests, askedAt, alone) => {
    let clock = 0;
    const clients = loneClient(100, () => clock);
    for (const [at, connection] of requests) {
      clock = at;
      clients.noteRequest(connection);
    }
    clock = askedAt;
    expect(clients.isAlone()).toBe(alone);
  });
});
