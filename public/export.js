/**
 * Exports the whole result set of the current search (every page, not only the visible one) as CSV
 * or JSON through the server's `/api/export`: year, document, 文号, section, text and a citation line.
 */

import { ApiError, apiUrl } from './api.js';
import { el } from './dom.js';
import { searchParams } from './state/url.js';

/**
 * Downloads the result set of a search; throws ApiError when the server refuses.
 * @param {import('./state/url.js').PageState} state
 * @param {'csv' | 'json'} format
 */
export async function exportResults(state, format) {
  const response = await fetch(apiUrl('/api/export', { ...searchParams(state), format }));
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(
      body?.error?.code ?? 'HTTP_ERROR',
      body?.error?.message ?? `导出失败（HTTP ${response.status}）`,
      response.status,
    );
  }
  download(await response.blob(), fileName(state.q, format));
}

/**
 * `检索结果_<query>_<date>.csv`, with characters file systems refuse replaced.
 * @param {string} query
 * @param {string} format
 */
function fileName(query, format) {
  const safe = query.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
  return `检索结果_${safe}_${new Date().toISOString().slice(0, 10)}.${format}`;
}

/**
 * Saves a blob under a file name through a temporary link.
 * @param {Blob} blob
 * @param {string} name
 */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob asynchronously after the click; revoke only once it has.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
