/**
 * A web page saved from a government site → its article and metadata. The article body is the
 * first element of the page that the common gov.cn content-management templates put it in (#UCAP-
 * CONTENT, .pages_content, #zoom, .TRS_Editor …), or the page's <body> when none is there; inside
 * it, site chrome (share bars, print/close buttons, 相关链接 boxes, footers) is removed by element.
 * Metadata comes from the page's <meta> tags and its 发文字号/成文日期 table. Parsed with
 * node-html-parser; the rest of the chrome is left to the line rules of `strip-chrome.ts`.
 */
import { type HTMLElement, parse } from 'node-html-parser';
import { flattenTables } from './html-tables.ts';
import type { ExtractedMeta } from './metadata.ts';

/** What a saved page gives the pipeline: the article's HTML and the metadata the page states. */
export interface GovPage {
  html: string;
  /** Fields the page states outright; they override what is read from the text, a sidecar overrides them. */
  meta: Partial<ExtractedMeta>;
}

/** Where gov.cn and ministry templates put the article, most specific first. */
const ARTICLE_SELECTORS = [
  '#UCAP-CONTENT',
  '.pages_content',
  '#zoom',
  '.TRS_Editor',
  '.trs_editor_view',
  '.article-content',
  '.article_con',
  '#content',
  '.content',
  'article',
  'main',
];

/** Elements that are never article text: navigation, share bars, related links, footers. */
const CHROME_SELECTORS = [
  'script',
  'style',
  'nav',
  'header',
  'footer',
  'iframe',
  'form',
  '[class*="share"]',
  '[id*="share"]',
  '[class*="print"]',
  '[class*="related"]',
  '[class*="xglj"]',
  '[class*="footer"]',
  '[id*="footer"]',
  '[class*="header"]',
  '[class*="crumb"]',
  '[class*="position"]',
  '[class*="nav"]',
];

/** The labels of the 信息公开 table and the field each fills. */
const TABLE_LABELS: Record<string, keyof ExtractedMeta> = {
  标题: 'title',
  发文机关: 'issuer',
  发文字号: 'number',
  文号: 'number',
  成文日期: 'signed',
  发布日期: 'published',
};

/** <meta name> → field, first match wins. */
const META_NAMES: [string, keyof ExtractedMeta][] = [
  ['articletitle', 'title'],
  ['pubdate', 'published'],
  ['firstpublishedtime', 'published'],
];

const DATE = /(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})/u;

function isoDate(text: string): string | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [, year, month, day] = match;
  return `${year}-${(month as string).padStart(2, '0')}-${(day as string).padStart(2, '0')}`;
}

function setField(meta: Partial<ExtractedMeta>, field: keyof ExtractedMeta, raw: string): void {
  const value = raw.replace(/\s+/gu, ' ').trim();
  if (value === '' || meta[field] !== undefined) return;
  if (field === 'published' || field === 'signed') {
    const date = isoDate(value);
    if (date) meta[field] = date;
  } else if (field !== 'year') {
    meta[field] = value;
  }
}

/** The 信息公开 table: a cell whose text is a known label followed by ：, then the cell holding its value. */
function tableMeta(root: HTMLElement, meta: Partial<ExtractedMeta>): HTMLElement[] {
  const tables: HTMLElement[] = [];
  for (const table of root.querySelectorAll('table')) {
    const cells = table.querySelectorAll('td, th');
    let found = false;
    cells.forEach((cell, i) => {
      const label = cell.text.replace(/[\s\u00a0\u3000]/gu, '').replace(/[：:]$/u, '');
      const field = TABLE_LABELS[label];
      const value = cells[i + 1];
      if (field && value && /[：:]\s*$/u.test(cell.text.trim())) {
        setField(meta, field, value.text);
        found = true;
      }
    });
    if (found) tables.push(table);
  }
  return tables;
}

function metaTags(root: HTMLElement, meta: Partial<ExtractedMeta>): void {
  const tags = new Map<string, string>();
  for (const tag of root.querySelectorAll('meta')) {
    const name = (tag.getAttribute('name') ?? tag.getAttribute('property') ?? '').toLowerCase();
    const content = tag.getAttribute('content');
    if (name && content && !tags.has(name)) tags.set(name, content);
  }
  for (const [name, field] of META_NAMES) {
    const content = tags.get(name);
    if (content) setField(meta, field, content);
  }
}

function findArticle(root: HTMLElement): HTMLElement {
  for (const selector of ARTICLE_SELECTORS) {
    const found = root.querySelector(selector);
    if (found && found.text.trim().length > 0) return found;
  }
  return root.querySelector('body') ?? root;
}

/** The article and metadata of a saved government web page (see module doc). */
export function readGovPage(html: string): GovPage {
  const root = parse(html, { comment: true });
  const meta: Partial<ExtractedMeta> = {};
  const metadataTables = tableMeta(root, meta);
  metaTags(root, meta);
  for (const table of metadataTables) table.remove();
  const article = findArticle(root);
  // A headline inside the article stays; one outside it (in the page header) becomes the title.
  for (const selector of CHROME_SELECTORS) {
    for (const element of article.querySelectorAll(selector)) element.remove();
  }
  flattenTables(article);
  const headline = article === root.querySelector('body') ? null : findHeadline(root, article);
  return { html: `${headline ? `<h1>${headline}</h1>\n` : ''}${article.toString()}`, meta };
}

/** The page's <h1> when it stands outside the article container (gov.cn puts it above). */
function findHeadline(root: HTMLElement, article: HTMLElement): string | null {
  if (article.querySelector('h1')) return null;
  const h1 = root.querySelector('h1');
  return h1 ? h1.innerHTML : null;
}
