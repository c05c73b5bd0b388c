/**
 * Step 4 of ingestion: remove page chrome — navigation, share widgets, link lists, site footers and
 * encyclopedia-page boxes — by general rules: known chrome words on short lines, link-only lines,
 * and runs of short lines at the very start or end of a page. Real text is long and punctuated,
 * so every rule is limited to short lines without a sentence end.
 */
import type { SourceLine } from './source-line.ts';

/** Lines longer than this are never chrome: navigation and footers are terse. */
const MAX_CHROME_LENGTH = 60;
/** A navigation menu item: 首页, 机构, 新闻 … */
const MAX_MENU_ITEM_LENGTH = 6;
/** A top menu is at least this many one-word lines in a row. */
const MIN_MENU_LINES = 3;
/** Footer lines (link titles, site names) are short. */
const MAX_FOOTER_LINE_LENGTH = 30;

// A label that starts a chrome line: breadcrumbs, font size, share, footer, encyclopedia boxes.
const CHROME_LABEL =
  /^(?:当前位置|您的位置|您现在的位置|所在位置|字号|字体|分享到?|打印(?:本页)?|关闭(?:窗口)?|收藏(?:本页)?|返回顶部|相关链接|友情链接|相关文章|相关阅读|相关词条|热门词条|基本介绍|基本信息|主办单位|承办单位|协办单位|网站管理|版权所有|版权声明|联系我们|联络我们|网站地图|扫一扫|浏览次数|点击数|阅读次数|责任编辑|发布时间|发布日期|信息来源|来源|中文名|外文名|发布单位|目录)(?:[：:].*)?$/u;
// Words that make any short unpunctuated line chrome wherever they stand.
const CHROME_WORDS = /ICP备|公网安备|版权所有|Copyright|©|技术支持[：:]/iu;
// What only a site footer or an encyclopedia page's tail says: where the footer starts.
const FOOTER_MARKER =
  /^(?:相关链接|友情链接|相关文章|相关阅读|相关词条|热门词条|主办单位|承办单位|网站管理|版权所有|版权声明|联系我们|联络我们|网站地图)|ICP备|公网安备|Copyright|©/iu;
// An infobox entry of an encyclopedia page: "• 中文名：…".
const INFOBOX_ENTRY = /^[•·▪●◆]\s*[^：:]{1,10}[：:]/u;
// A menu line of items separated by | (联系我们 | 版权声明 | 关于局徽).
const PIPE_MENU = /^[^|｜]{1,12}(?:\s*[|｜]\s*[^|｜]{1,12}){2,}$/u;
// A table of contents line: short items each followed by a comma (发布信息，内容全文，).
const TOC_LINE = /^(?:[^，,。：:]{1,8}[，,]){2,}$/u;
// An attachment label on its own line (附件 1, 附件：).
const ATTACHMENT_LABEL = /^附件[0-9一二三四五六七八九十]*[：:]?$/u;
// Normalization may have turned a link's parentheses full-width where they touch CJK text.
const MARKDOWN_LINK = /!?\[([^\]]*)\][(（]([^)）]*)[)）]/gu;
// Text that ends a sentence: chrome never does.
const SENTENCE_END = /[。！？；]/u;

function isShortUnpunctuated(text: string, maxLength: number): boolean {
  return text.length <= maxLength && !SENTENCE_END.test(text);
}

/** A line that is chrome on its own, wherever it stands. */
function isChromeLine(text: string, tocItems: Set<string>): boolean {
  if (!isShortUnpunctuated(text, MAX_CHROME_LENGTH)) return false;
  return (
    CHROME_LABEL.test(text) ||
    CHROME_WORDS.test(text) ||
    INFOBOX_ENTRY.test(text) ||
    PIPE_MENU.test(text) ||
    TOC_LINE.test(text) ||
    ATTACHMENT_LABEL.test(text) ||
    tocItems.has(text)
  );
}

/** A line made of Markdown links with at most a label around them (附件：[x.pdf](#)). */
function isLinkList(text: string): boolean {
  if (!/\][(（]/u.test(text)) return false;
  const rest = text.replace(MARKDOWN_LINK, '').replace(/[\s，,、|｜:：•·-]/gu, '');
  return text.match(MARKDOWN_LINK) !== null && rest.length <= 4;
}

/** Markdown links inside real text keep their words and lose their targets. */
function unlink(line: SourceLine): SourceLine {
  if (!/\][(（]/u.test(line.text)) return line;
  return { ...line, text: line.text.replace(MARKDOWN_LINK, '$1') };
}

function isMenuItem(text: string): boolean {
  return text.length <= MAX_MENU_ITEM_LENGTH && !/[，,。：:；;、]/u.test(text);
}

/** Number of lines at the start that form a navigation menu (首页 机构 新闻 …), or 0. */
function leadingMenuLength(lines: readonly SourceLine[]): number {
  let n = 0;
  while (n < lines.length && isMenuItem(lines[n]?.text ?? '')) n++;
  const block = lines.slice(0, n).map((line) => line.text);
  return n >= MIN_MENU_LINES && (block.includes('首页') || n >= MIN_MENU_LINES + 1) ? n : 0;
}

/**
 * Index where the page footer starts: the first chrome marker inside the run of short
 * unpunctuated lines that ends the page. Without a marker nothing is cut (a law's closing
 * signature lines are short too, but carry no chrome word).
 */
function footerStart(lines: readonly SourceLine[], isChrome: (text: string) => boolean): number {
  const isFooterMarker = (text: string) =>
    isShortUnpunctuated(text, MAX_CHROME_LENGTH) && (FOOTER_MARKER.test(text) || PIPE_MENU.test(text));
  let start = lines.length;
  while (start > 0) {
    const text = lines[start - 1]?.text ?? '';
    if (!(isChrome(text) || isLinkList(text) || isShortUnpunctuated(text, MAX_FOOTER_LINE_LENGTH))) break;
    start--;
  }
  for (let i = start; i < lines.length; i++) {
    if (isFooterMarker(lines[i]?.text ?? '')) return i;
  }
  return lines.length;
}

/** Remove navigation, footers, link lists and encyclopedia chrome from a document's lines. */
export function stripChrome(lines: readonly SourceLine[]): SourceLine[] {
  const tocItems = new Set<string>();
  for (const { text } of lines) {
    if (isShortUnpunctuated(text, MAX_CHROME_LENGTH) && TOC_LINE.test(text)) {
      for (const item of text.split(/[，,]/u)) if (item !== '') tocItems.add(item);
    }
  }
  const isChrome = (text: string) => isChromeLine(text, tocItems);
  const body = lines.slice(leadingMenuLength(lines));
  const kept: SourceLine[] = [];
  let removedBefore = false;
  for (const line of body.slice(0, footerStart(body, isChrome))) {
    if (isChrome(line.text) || isLinkList(line.text)) {
      removedBefore = true;
      continue;
    }
    // A removed line (附件, a link list) still separates what stood before it from what follows.
    kept.push(removedBefore ? { ...unlink(line), breakBefore: true } : unlink(line));
    removedBefore = false;
  }
  return kept;
}
