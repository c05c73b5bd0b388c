/**
 * The MCP server over a searcher: registers every tool of tools.ts with the SDK's `McpServer`, and
 * turns anything a handler throws into an error result with the HTTP API's code and message.
 * Transport-free: `main.ts` connects it to stdio, `src/server/routes/mcp.ts` to Streamable HTTP.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describeError } from '../contract/error-answer.ts';
import { SearchError } from '../errors.ts';
import type { Searcher } from '../search/searcher.ts';
import { toolError } from './tool-result.ts';
import { TOOLS, type ToolContext } from './tools.ts';

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Base URL of the web page, for citation links (e.g. http://localhost:3000). */
  baseUrl: string;
  /** Runs bulk work (timelines, long pages) in the HTTP server's lane; directly when absent. */
  runBulk?: ToolContext['runBulk'];
  /** Where unexpected (INTERNAL) errors are reported; the client sees only the generic message. */
  logError?: (error: unknown) => void;
}

/** Server name and version announced to clients. */
export const MCP_SERVER_INFO = { name: 'policy-search', version: '1.0.0' };

/** An MCP server offering the search tools over `searcher`. */
export function createMcpServer(searcher: Searcher, options: McpServerOptions): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions:
      '检索中国政策文件（知识产权等）。Search Chinese policy documents: use `search` first, then `get_paragraph` or `get_document` to read context; quote hits with their citation (title, year, section, paragraph id, URL).',
  });
  const context: ToolContext = {
    searcher,
    baseUrl: options.baseUrl,
    runBulk: options.runBulk ?? ((work) => work()),
  };
  const logError = options.logError ?? ((error: unknown) => console.error(error));
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema },
      async (args: unknown) => {
        try {
          return await tool.run(args as never, context);
        } catch (error) {
          // As over HTTP: a chosen answer (BUSY) is not a fault; anything unexpected is logged, never shown.
          if (describeError(error)[0] >= 500 && !(error instanceof SearchError)) logError(error);
          return toolError(error);
        }
      },
    );
  }
  return server;
}
