/**
 * What every view gets from the page's router (app.js): JSDoc types only, for the type check of
 * public/ (`npm run typecheck`); nothing runs here.
 */

/**
 * @typedef {object} ViewContext
 * @property {AbortSignal} signal aborted when the page moves to another state
 * @property {(next: Partial<import('./state/url.js').PageState>) => void} navigate
 * @property {(next: Partial<import('./state/url.js').PageState>) => void} replace like `navigate`, but
 *   replaces the current history entry instead of adding one
 * @property {(state: import('./state/url.js').PageState) => boolean} isCurrent whether `state` is still on screen
 * @property {(documents: import('../src/types.ts').DocumentMeta[]) => void} remember keeps document titles for the filter chips
 */

export {};
