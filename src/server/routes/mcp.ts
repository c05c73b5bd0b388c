/**
 * `POST /mcp`: the MCP server over Streamable HTTP, stateless — each request gets a fresh server and
 * transport (the SDK's stateless pattern), so there are no sessions to keep or expire. Answers are
 * plain JSON, not an event stream: every tool answers in one piece. GET and DELETE (server-sent
 * notifications, session end) have nothing to do here and answer 405, as the protocol allows.
 */
import { type Request, type Response, Router } from 'express';
import type { Searcher } from '../../search/searcher.ts';
import type { BulkLane } from '../bulk-lane.ts';

/** The page's address as the client reached it, for citation links. */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/**
 * The MCP SDK is loaded on the first `/mcp` request, not at start-up: it is the largest import of the
 * server (≈ 1.7 s of module loading on a busy machine), and a server that never serves an assistant
 * should not start slower for it.
 */
function loadMcp() {
  mcpModules ??= Promise.all([
    import('../../mcp/mcp-server.ts'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
  ]).then(([server, transport]) => ({
    createMcpServer: server.createMcpServer,
    Transport: transport.StreamableHTTPServerTransport,
  }));
  return mcpModules;
}
let mcpModules:
  | Promise<{
      createMcpServer: typeof import('../../mcp/mcp-server.ts').createMcpServer;
      Transport: typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js').StreamableHTTPServerTransport;
    }>
  | undefined;

/** The `/mcp` endpoint; `publicUrl` fixes the citation links' base instead of the request's host. */
export function mcpRoutes(searcher: Searcher, lane: BulkLane, publicUrl?: string): Router {
  const router = Router();
  router.post('/mcp', async (req, res) => {
    const { createMcpServer, Transport } = await loadMcp();
    const server = createMcpServer(searcher, {
      baseUrl: publicUrl ?? originOf(req),
      runBulk: (work) => lane.run(work, res),
    });
    const transport = new Transport({
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
  const notAllowed = (_req: Request, res: Response) => {
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
