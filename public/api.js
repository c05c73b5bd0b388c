/**
 * Talks to the JSON API. Every URL is built with URLSearchParams and encodeURIComponent, and a
 * request slot aborts its previous request, so a slow early answer never overwrites a later one.
 */

/** An error the API answered with (`{"error":{"code","message"}}`) or a network failure. */
export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {number} status 0 when the server could not be reached
   */
  constructor(code, message, status) {
    super(message);
    this.name = 'ApiError';
    /** @type {string} */
    this.code = code;
    /** @type {number} */
    this.status = status;
  }
}

/**
 * Builds an API URL from a path and parameters; empty values are left out.
 * @param {string} path e.g. `/api/search`
 * @param {Record<string, string | number | null | undefined>} [params]
 * @returns {string}
 */
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Builds the path of a resource addressed by an id, e.g. `/api/paragraphs/<id>/similar`.
 * @param {string} base
 * @param {string} id
 * @param {string} [suffix]
 */
export function resourcePath(base, id, suffix = '') {
  return `${base}/${encodeURIComponent(id)}${suffix}`;
}

/**
 * Fetches JSON; throws ApiError on an error status or a body that is not JSON.
 * @param {string} url
 * @param {AbortSignal} [signal]
 */
export async function getJson(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('NETWORK', '无法连接服务器，请检查服务是否在运行。', 0);
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(
      'BAD_RESPONSE',
      `服务器返回了无法解析的内容（HTTP ${response.status}）。`,
      response.status,
    );
  }
  if (!response.ok) {
    const code = body?.error?.code ?? 'HTTP_ERROR';
    const message = body?.error?.message ?? `请求失败（HTTP ${response.status}）。`;
    throw new ApiError(code, message, response.status);
  }
  return body;
}

/**
 * True for the error fetch throws when its request was aborted.
 * @param {unknown} error
 */
export function isAbort(error) {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * A slot that holds at most one request in flight: starting a new one aborts the previous.
 * @returns {{ get: (url: string) => Promise<any>, abort: () => void }}
 */
export function createRequestSlot() {
  /** @type {AbortController | null} */
  let controller = null;
  return {
    get(url) {
      controller?.abort();
      controller = new AbortController();
      return getJson(url, controller.signal);
    },
    abort() {
      controller?.abort();
      controller = null;
    },
  };
}
