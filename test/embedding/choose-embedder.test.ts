import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSFORMER_EMBEDDER } from '../../src/config.ts';
import { chooseEmbedder, modelHubReachable } from '../../src/embedding/choose-embedder.ts';
import { ModelUnavailableError } from '../../src/embedding/transformer-embedder.ts';
import { type TinyModel, writeTinyOnnxModel } from '../helpers/tiny-onnx-model.ts';

/** A "hub" that accepts connections and never answers, like a black-holed network. */
function silentServer(): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer(() => {});
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    });
  });
}

describe('chooseEmbedder', () => {
  let tiny: TinyModel;
  let silent: { server: Server; url: string };

  beforeAll(async () => {
    tiny = writeTinyOnnxModel();
    silent = await silentServer();
  });

  afterAll(() => {
    silent?.server.closeAllConnections();
    silent?.server.close();
    if (tiny) rmSync(tiny.dir, { recursive: true, force: true });
  });

  it('picks the transformer in auto mode when its model is on disk', async () => {
    const choice = await chooseEmbedder({
      request: 'auto',
      transformer: { model: tiny.modelId, localModelPath: tiny.dir, cacheDir: tiny.dir },
    });
    expect(choice.kind).toBe('transformer');
    expect(choice.reason).toContain('found on disk');
    if (choice.kind === 'transformer') {
      expect(choice.embedder.info).toEqual({ kind: 'transformer', model: tiny.modelId, dimensions: 16 });
      await choice.embedder.close();
    }
  });

  it('falls back to the corpus model quickly, with a reason, when the model is absent and the hub silent', async () => {
    const started = Date.now();
    const choice = await chooseEmbedder({
      request: 'auto',
      transformer: { model: 'nobody/absent-model', localModelPath: tiny.dir, cacheDir: tiny.dir },
      remoteHost: silent.url,
      probeTimeoutMs: 500,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(choice).toEqual({
      kind: 'corpus',
      reason: expect.stringMatching(/not on disk.*did not answer within 500 ms/),
    });
  });

  it('asks the default hub with the default timeout, and falls back when it is unreachable', async () => {
    const asked: [string, string, number][] = [];
    const choice = await chooseEmbedder({
      request: 'auto',
      transformer: { model: 'nobody/absent-model', localModelPath: tiny.dir, cacheDir: tiny.dir },
      // Injected, so the test never depends on this machine's network.
      probe: async (...args) => {
        asked.push(args);
        return false;
      },
    });
    const { env } = await import('@huggingface/transformers');
    expect(asked).toEqual([[env.remoteHost, 'nobody/absent-model', TRANSFORMER_EMBEDDER.probeTimeoutMs]]);
    expect(choice).toEqual({
      kind: 'corpus',
      reason: expect.stringContaining(`the model hub ${env.remoteHost} did not answer`),
    });
  });

  it('uses the corpus model without probing anything when asked for it', async () => {
    expect(await chooseEmbedder({ request: 'corpus' })).toEqual({
      kind: 'corpus',
      reason: expect.stringContaining('--embedder corpus'),
    });
  });

  it('fails loudly instead of falling back when the transformer was asked for explicitly', async () => {
    await expect(
      chooseEmbedder({
        request: 'transformer',
        transformer: { model: 'nobody/absent-model', localModelPath: tiny.dir, cacheDir: tiny.dir },
        remoteHost: silent.url,
        probeTimeoutMs: 200,
      }),
    ).rejects.toThrow(ModelUnavailableError);
  });
});

describe('modelHubReachable', () => {
  it('is false for a host that refuses connections', async () => {
    expect(await modelHubReachable('http://127.0.0.1:9/', 'a/b', 1_000)).toBe(false);
  });
});
