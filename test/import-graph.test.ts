/**
 * The import graph of the whole code base, read by madge from the sources: no import circle
 * anywhere, and data flowing one way (nothing in `src/` imports from `indexer/` or `test/`; the ways
 * in — HTTP server, MCP tools, CLI — share `src/contract/` instead of importing one another).
 */
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
let graph: Awaited<ReturnType<typeof madge>>;
beforeAll(async () => {
  graph = await madge(['src', 'indexer', 'public'], {
    baseDir: ROOT,
    fileExtensions: ['ts', 'js'],
    tsConfig: `${ROOT}tsconfig.json`,
    excludeRegExp: [/^public\/vendor\//],
  });
});

describe('the import graph', () => {
  it('reads every layer, the page included', () => {
    const files = Object.keys(graph.obj());
    for (const file of ['src/search/searcher.ts', 'indexer/main.ts', 'public/app.js']) {
      expect(files).toContain(file);
    }
    expect(graph.obj()['src/search/searcher.ts']).toContain('src/search/rank-paragraphs.ts');
  });

  it('has no import circle in src/, indexer/ or public/', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('keeps src/ free of imports from indexer/ and test/', () => {
    const upward = Object.entries(graph.obj()).flatMap(([file, imports]) =>
      file.startsWith('src/')
        ? imports
            .filter((to) => to.startsWith('indexer/') || to.startsWith('test/'))
            .map((to) => `${file} -> ${to}`)
        : [],
    );
    expect(upward).toEqual([]);
  });

  it('keeps the MCP tools and the CLI off the HTTP server, and the contract off all three', () => {
    const crossing = Object.entries(graph.obj()).flatMap(([file, imports]) => {
      const forbidden = file.startsWith('src/contract/')
        ? ['src/server/', 'src/mcp/', 'src/cli/']
        : file.startsWith('src/mcp/') || file.startsWith('src/cli/')
          ? ['src/server/']
          : [];
      return imports
        .filter((to) => forbidden.some((prefix) => to.startsWith(prefix)))
        .map((to) => `${file} -> ${to}`);
    });
    expect(crossing).toEqual([]);
  });
});
