import { describe, expect, it } from 'vitest';
import { fromStoredParagraphs, toStoredParagraphs } from '../../src/persist/stored-paragraphs.ts';
import type { Paragraph } from '../../src/types.ts';

const paragraph = (text: string, original: string): Paragraph => ({
  id: `d-${text}`,
  docId: 'd',
  ordinal: 0,
  section: ['一、总体要求'],
  text,
  original,
  agencies: ['知识产权局'],
});

describe('toStoredParagraphs', () => {
  it('leaves out an original equal to the text and keeps one that differs', () => {
    const stored = toStoredParagraphs([
      paragraph('知识产权', '知识产权'),
      paragraph('知识产权', '智慧財產權'),
    ]);
    expect(stored[0]).not.toHaveProperty('original');
    expect(stored[1]?.original).toBe('智慧財產權');
  });
});

describe('fromStoredParagraphs', () => {
  it('restores exactly the paragraphs that were stored', () => {
    const paragraphs = [paragraph('知识产权', '知识产权'), paragraph('宏观', '巨觀')];
    const roundTrip = fromStoredParagraphs(JSON.parse(JSON.stringify(toStoredParagraphs(paragraphs))));
    expect(roundTrip).toEqual(paragraphs);
  });
});
