/**
 * `POST /mcp`: the MCP server over Streamable HTTP, stateless — each request gets a fresh server and
 * transport (the SDK's stateless pattern), so there are no sessions to keep or expire. Answers are
 * plain JSON, not an event stream: every tool answers in one piece. GET and DELETE (server-sent
 * notifications, session end) have nothing to do here and answer 405, as the protocol allows.
 */
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { type Request, Router } from 'express';
import { createMcpServer } from '../../mcp/mcp-server.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';

/** The page's address as the client reached it, for citation links. */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The `/mcp` endpoint; `publicUrl` fixes the citation links' base instead of the request's host. */
export function mcpRoutes(searcher: Searcher, lane: BulkLane, publicUrl?: string): Router {
  const router = Router();
  router.post('/mcp', async (req, res) => {
    const server = createMcpServer(searcher, {
      baseUrl: publicUrl ?? originOf(req),
      runBulk: (work) => lane.run(work, res),
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  const notAllowed = (_req: Request, res: import('express').Response) => {
    res
      .status(405)
      .set('Allow', 'POST')
      .json({
        jsonrpc: '2.0',
        error: {
          code: -32000,
          message: 'Method not allowed: this MCP endpoint is stateless; POST requests only.',
        },
        id: null,
      });
  };
  router.get('/mcp', notAllowed);
  router.delete('/mcp', notAllowed);
  return router;
}
