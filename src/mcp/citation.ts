/**
 * What an assistant needs to quote a paragraph: the document's title and year, the section path,
 * the paragraph id, and the URL of the paragraph in the web page's document view.
 */
import type { ParagraphContext } from '../types.ts';

/** A quotable reference to one paragraph. */
export interface Citation {
  title: string;
  year: number | null;
  /** Headings above the paragraph, outermost first. */
  section: string[];
  paragraphId: string;
  docId: string;
  /** The paragraph in the page's document view. */
  url: string;
}

/** The page URL that opens document `docId` at paragraph `paragraphId` (the page's `?view=doc&d=&p=` state). */
export function paragraphUrl(baseUrl: string, docId: string, paragraphId: string): string {
  const url = new URL('/', baseUrl);
  url.searchParams.set('view', 'doc');
  url.searchParams.set('p', paragraphId);
  url.searchParams.set('d', docId);
  return url.toString();
}

/** The citation of a paragraph shown on the page at `baseUrl`. */
export function citationOf(paragraph: ParagraphContext, baseUrl: string): Citation {
  return {
    title: paragraph.title,
    year: paragraph.year,
    section: paragraph.section,
    paragraphId: paragraph.id,
    docId: paragraph.docId,
    url: paragraphUrl(baseUrl, paragraph.docId, paragraph.id),
  };
}

/** One line a person can read: 《title》（year）section › section ¶ id — url. */
export function citationLine(citation: Citation): string {
  const year = citation.year === null ? '' : `（${citation.year}）`;
  const section = citation.section.length > 0 ? ` ${citation.section.join(' › ')}` : '';
  return `《${citation.title}》${year}${section} ¶ ${citation.paragraphId} — ${citation.url}`;
}
