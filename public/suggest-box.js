/**
 * Type-ahead under the search box: asks `/api/suggest` as the user types (debounced, and the
 * previous request aborted, so a slow early answer never replaces a later one), shows the list as
 * an ARIA listbox, and handles ↑ ↓ to move, Enter to take the highlighted suggestion, Esc to close.
 * While an input method is composing (pinyin → 汉字) nothing is asked and no key is taken.
 */

import { apiUrl, createRequestSlot, isAbort } from './api.js';
import { el } from './dom.js';

/** Pause after a keystroke before asking: fast typists send one request per pause, not per key. */
const SUGGEST_DELAY_MS = 120;
const LIMIT = 8;
/** @type {Record<string, string>} */
const KIND_LABELS = { term: '词语', agency: '机构', title: '文件' };

/**
 * Attaches suggestions to `input`, whose list is `list`.
 * @param {HTMLInputElement} input
 * @param {HTMLElement} list
 * @param {{ onChoose: (text: string) => void }} options called with the suggestion the user took
 */
export function attachSuggestions(input, list, { onChoose }) {
  const slot = createRequestSlot();
  /** @type {{ text: string, kind: string, count: number }[]} */
  let items = [];
  let active = -1;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let composing = false;
  /** The prefix the shown list answers, so the same text is not asked twice. */
  let shownFor = '';

  function close() {
    clearTimeout(timer);
    slot.abort();
    items = [];
    active = -1;
    shownFor = '';
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function render() {
    list.replaceChildren(
      ...items.map((item, i) =>
        el(
          'div',
          { attrs: { id: `suggestion-${i}`, role: 'option', 'aria-selected': String(i === active) } },
          [
            el('span', { className: 'suggestion-text', text: item.text }),
            el('span', { className: 'suggestion-kind', text: KIND_LABELS[item.kind] ?? item.kind }),
          ],
        ),
      ),
    );
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
    if (active >= 0) input.setAttribute('aria-activedescendant', `suggestion-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  async function ask() {
    const prefix = input.value.trim();
    if (prefix === '') {
      close();
      return;
    }
    if (prefix === shownFor) return;
    try {
      const body = await slot.get(apiUrl('/api/suggest', { q: prefix, limit: LIMIT }));
      // The box may have moved on while the answer travelled; only the current text's list is shown.
      if (input.value.trim() !== prefix || document.activeElement !== input) return;
      items = body.suggestions;
      active = -1;
      shownFor = prefix;
      render();
    } catch (error) {
      if (!isAbort(error)) close();
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(ask, SUGGEST_DELAY_MS);
  }

  /** @param {number} index */
  function choose(index) {
    const item = items[index];
    if (!item) return;
    close();
    input.value = item.text;
    onChoose(item.text);
  }

  input.addEventListener('compositionstart', () => {
    composing = true;
    clearTimeout(timer);
  });
  input.addEventListener('compositionend', () => {
    composing = false;
    schedule();
  });
  input.addEventListener('input', () => {
    if (!composing) schedule();
  });
  input.addEventListener('keydown', (event) => {
    // Keys during composition belong to the input method (Enter commits the pinyin, Esc cancels it).
    if (event.isComposing || composing || event.keyCode === 229) return;
    if (event.key === 'Escape') {
      if (!list.hidden) event.preventDefault();
      close();
      return;
    }
    if (list.hidden || items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      // Positions 0…n: none highlighted (the typed text), then each suggestion; both ends wrap.
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const positions = items.length + 1;
      active = ((active + 1 + step + positions) % positions) - 1;
      render();
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Enter') {
      close();
    }
  });
  // mousedown, not click: it comes before the input's blur, which closes the list.
  list.addEventListener('mousedown', (event) => {
    const option = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
    if (!option) return;
    event.preventDefault();
    choose(Number(option.id.replace('suggestion-', '')));
  });
  input.addEventListener('blur', close);
  return { close };
}
