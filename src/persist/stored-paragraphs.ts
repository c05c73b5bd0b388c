import type { Paragraph } from '../types.ts';

/** A paragraph as saved: `original` is left out when it equals `text`, as it does for most text. */
export type StoredParagraph = Omit<Paragraph, 'original'> & { original?: string };

/** The saved form of paragraphs: about half the size when normalization changed nothing. */
export function toStoredParagraphs(paragraphs: Paragraph[]): StoredParagraph[] {
  return paragraphs.map(({ original, ...rest }) => (original === rest.text ? rest : { ...rest, original }));
}

/** Paragraphs restored from their saved form. */
export function fromStoredParagraphs(stored: StoredParagraph[]): Paragraph[] {
  return stored.map((paragraph) =>
    paragraph.original === undefined ? { ...paragraph, original: paragraph.text } : (paragraph as Paragraph),
  );
}
