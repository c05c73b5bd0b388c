import { describe, expect, it } from 'vitest';
import { statusOf } from '../../src/contract/error-answer.ts';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.ts';

describe('statusOf', () => {
  it.each<[ErrorCode, number]>([
    ['BAD_REQUEST', 400],
    ['INVALID_PARAMETER', 400],
    ['INVALID_QUERY', 400],
    ['QUERY_TOO_LONG', 400],
    ['NOT_FOUND', 404],
    ['PAYLOAD_TOO_LARGE', 413],
    ['HEADERS_TOO_LARGE', 431],
    ['RATE_LIMITED', 429],
    ['TIMEOUT', 503],
    ['BUSY', 503],
    ['INTERNAL', 500],
  ])('serves %s with %i', (code, status) => {
    expect(statusOf(code)).toBe(status);
  });

  it('gives every code in the catalogue a 4xx or 5xx status', () => {
    for (const code of ERROR_CODES) expect(statusOf(code)).toBeGreaterThanOrEqual(400);
  });
});
