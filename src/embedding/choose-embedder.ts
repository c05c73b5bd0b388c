/**
 * `--embedder auto|transformer|corpus`: which embedder a build uses, and why. `auto` takes the
 * transformer when its model is on disk, or when the model hub answers within a short timeout (then
 * downloads it); otherwise it falls back to the corpus-trained model, which needs nothing but the corpus.
 */
import { TRANSFORMER_EMBEDDER } from '../config.ts';
import {
  loadTransformerEmbedder,
  ModelUnavailableError,
  type TransformerEmbedder,
  type TransformerEmbedderOptions,
} from './transformer-embedder.ts';

/** What the user asked for. */
export type EmbedderRequest = 'auto' | 'transformer' | 'corpus';

/** Options of {@link chooseEmbedder}. */
export interface ChooseEmbedderOptions {
  request: EmbedderRequest;
  transformer?: TransformerEmbedderOptions;
  /** Model hub base URL, e.g. `https://huggingface.co/`. Default: transformers.js `env.remoteHost`. */
  remoteHost?: string;
  /** How long to wait for the hub before giving up on it. */
  probeTimeoutMs?: number;
  /** Asks whether the hub serves the model: {@link modelHubReachable} unless a test injects its own. */
  probe?: (remoteHost: string, model: string, timeoutMs: number) => Promise<boolean>;
}

/** The decision: the corpus model (to be trained by the caller) or a loaded transformer, with a reason for people. */
export type EmbedderChoice =
  | { kind: 'corpus'; reason: string }
  | { kind: 'transformer'; reason: string; embedder: TransformerEmbedder };

/** True when the hub serves the model's config within the timeout (any network failure counts as no). */
export async function modelHubReachable(
  remoteHost: string,
  model: string,
  timeoutMs: number,
): Promise<boolean> {
  const url = new URL(
    `${model}/resolve/main/config.json`,
    remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`,
  );
  try {
    const response = await fetch(url, {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Decides which embedder to use for `request`; an explicit `transformer` request fails loudly instead of falling back. */
export async function chooseEmbedder(options: ChooseEmbedderOptions): Promise<EmbedderChoice> {
  if (options.request === 'corpus') {
    return { kind: 'corpus', reason: 'the corpus-trained model was requested (--embedder corpus)' };
  }
  const transformer = options.transformer ?? {};
  const model = transformer.model ?? TRANSFORMER_EMBEDDER.model;
  const timeoutMs = options.probeTimeoutMs ?? TRANSFORMER_EMBEDDER.probeTimeoutMs;

  let localFailure: string;
  try {
    const embedder = await loadTransformerEmbedder({ ...transformer, allowRemote: false });
    return { kind: 'transformer', reason: `model ${model} found on disk`, embedder };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    localFailure = error.message;
  }

  const { env } = await import('@huggingface/transformers');
  const remoteHost = options.remoteHost ?? env.remoteHost;
  const probe = options.probe ?? modelHubReachable;
  if (await probe(remoteHost, model, timeoutMs)) {
    try {
      const embedder = await loadTransformerEmbedder({ ...transformer, allowRemote: true });
      return { kind: 'transformer', reason: `model ${model} downloaded from ${remoteHost}`, embedder };
    } catch (error) {
      if (options.request === 'transformer' || !(error instanceof ModelUnavailableError)) throw error;
      return {
        kind: 'corpus',
        reason: `model ${model} could not be downloaded (${error.message}); using the corpus-trained model`,
      };
    }
  }
  if (options.request === 'transformer') {
    throw new ModelUnavailableError(
      `${localFailure}; and the model hub ${remoteHost} did not answer within ${timeoutMs} ms`,
    );
  }
  return {
    kind: 'corpus',
    reason: `model ${model} is not on disk and the model hub ${remoteHost} did not answer within ${timeoutMs} ms; using the corpus-trained model`,
  };
}
