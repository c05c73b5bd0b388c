import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incrementalSuggestions } from '../../indexer/incremental-suggestions.ts';
import { SUGGEST_COUNTS_FILE, saveSuggestIndex } from '../../src/persist/suggest-store.ts';
import { buildCorpusSuggestions } from '../../src/suggest/build-suggestions.ts';
import type { Corpus, IngestedDocument } from '../../src/types.ts';
import { tinyCorpus } from '../keyword/tiny-corpus.ts';

let buildDir: string;
beforeEach(async () => {
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'incremental-suggestions-'));
});
afterEach(() => rm(buildDir, { recursive: true, force: true }));

/** The tiny corpus with its 2021 document read again (one paragraph fewer) and its 2023 one removed. */
function change() {
  const previous = tinyCorpus();
  const reread = previous.documents.find((document) => document.id === 'd2021');
  if (!reread) throw new Error('the tiny corpus has no d2021');
  const added: IngestedDocument[] = [
    {
      meta: reread,
      paragraphs: previous.paragraphs.filter((paragraph) => paragraph.docId === 'd2021').slice(1),
      warnings: [],
    },
  ];
  const corpus: Corpus = {
    documents: previous.documents.filter((document) => document.id === 'd2020' || document.id === 'd2021'),
    paragraphs: [
      ...previous.paragraphs.filter((paragraph) => paragraph.docId === 'd2020'),
      ...(added[0]?.paragraphs ?? []),
    ],
  };
  return { previous, dropped: new Set(['d2021.txt', 'd2023.txt']), added, corpus };
}

describe('incrementalSuggestions', () => {
  it.each([
    ['the previous build kept its counts', 'kept'],
    ['it kept none', 'none'],
    ['its counts cannot be read', 'damaged'],
  ])('gives the new corpus’s suggestions when %s', async (_label, stored) => {
    const { counts, ...withoutCounts } = buildCorpusSuggestions(tinyCorpus());
    await saveSuggestIndex(buildDir, stored === 'kept' ? { ...withoutCounts, counts } : withoutCounts);
    if (stored === 'damaged') await writeFile(path.join(buildDir, SUGGEST_COUNTS_FILE), 'not counts');
    const updated = await incrementalSuggestions('index-data', buildDir, change());
    const full = buildCorpusSuggestions(change().corpus);
    expect(updated.entries).toEqual(full.entries);
    expect(updated.counts).toEqual(full.counts);
  });
});
