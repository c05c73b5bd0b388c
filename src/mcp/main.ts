/**
 * `npm run mcp`: the MCP server on stdio, for desktop assistants that start it as a child process.
 * Opens the index like the HTTP server (INDEX_DIR, MODEL_DIR, MODEL_CACHE_DIR); PUBLIC_URL is the
 * address of the web page that citation links point to (default http://localhost:$PORT, PORT 3000).
 * stdout carries the protocol, so every message of ours goes to stderr.
 */
import path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CHECKOUT_ROOT } from '../checkout-paths.ts';
import { SERVER } from '../config.ts';
import { IndexLoadError } from '../errors.ts';
import { modelLocationFromEnv, openIndex } from '../persist/open-index.ts';
import { createSearcher } from '../search/searcher.ts';
import { createMcpServer } from './mcp-server.ts';

const root = CHECKOUT_ROOT;
const env = process.env;

async function main(): Promise<void> {
  const indexDir = path.resolve(env.INDEX_DIR ?? path.join(root, 'index-data'));
  const index = await openIndex(indexDir, modelLocationFromEnv(env));
  const baseUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? SERVER.port}`;
  const server = createMcpServer(createSearcher(index), {
    baseUrl,
    logError: (error) => console.error(error),
  });
  const transport = new StdioServerTransport();
  transport.onclose = () => {
    void index.close().finally(() => process.exit(0));
  };
  await server.connect(transport);
  const { documents, paragraphs } = index.manifest;
  console.error(`MCP server on stdio: ${documents} documents, ${paragraphs} paragraphs from ${indexDir}`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof IndexLoadError
      ? error.message
      : `The MCP server could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
