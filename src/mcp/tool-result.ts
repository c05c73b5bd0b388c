/**
 * The two shapes of an MCP tool's answer: a result an assistant reads (text) and a program parses
 * (structured content), or an error result carrying exactly the code and message the HTTP API
 * gives for the same input — through the server's own error mapping, so the two never drift.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describeError } from '../contract/error-answer.ts';

/** A successful tool answer: `text` for reading, `data` for parsing. */
export function toolResult(text: string, data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: data };
}

/** The tool error for `error`: its API code and message (`INVALID_PARAMETER: limit must be …`), never a stack. */
export function toolError(error: unknown): CallToolResult {
  const [, body] = describeError(error);
  return {
    isError: true,
    content: [{ type: 'text', text: `${body.error.code}: ${body.error.message}` }],
    structuredContent: body,
  };
}
