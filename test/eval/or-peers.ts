/**
 * The OR-of-grams peers the paraphrase figures are compared with: engines that rank every paragraph
 * sharing any piece of the query, which is what finds a paraphrase when no paragraph holds all its
 * words. Built in memory over the same paragraphs (text, section and title) as our index.
 * - SQLite FTS5, trigram tokenizer: the query's character trigrams ORed, ranked by FTS5's bm25().
 * - MiniSearch 7: Intl.Segmenter('zh') words ORed (`combineWith: 'OR'`), its BM25+.
 */
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';
import type { Corpus } from '../../src/types.ts';
import { type PeerRow, toPeerRows } from '../bench/peers/engine.ts';

/** A peer: a name and its top `limit` seqs for a query. */
export interface OrPeer {
  name: string;
  search(query: string, limit: number): number[];
  close(): void;
}

const HAN_RUN = /[\p{Script=Han}\p{L}\p{N}]+/gu;

/** Every run of three adjacent letters of the query (CJK or other), punctuation and spaces breaking runs. */
export function characterTrigrams(query: string): string[] {
  const grams = new Set<string>();
  for (const run of query.match(HAN_RUN) ?? []) {
    const chars = [...run];
    if (chars.length < 3) continue;
    for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  }
  return [...grams];
}

/** SQLite FTS5 (trigram) with the query's trigrams ORed. */
export function sqliteTrigramOr(corpus: Corpus): OrPeer {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE p USING fts5(text, title, section, tokenize='trigram')");
  const insert = db.prepare('INSERT INTO p (rowid, text, title, section) VALUES (?, ?, ?, ?)');
  const rows = toPeerRows(corpus);
  db.transaction(() => {
    for (const r of rows) insert.run(r.seq, r.text, r.title, r.section);
  })();
  db.exec("INSERT INTO p(p) VALUES('optimize')");
  const statement = db.prepare('SELECT rowid FROM p WHERE p MATCH ? ORDER BY rank LIMIT ?');
  return {
    name: 'SQLite FTS5 trigram OR',
    search(query, limit) {
      const grams = characterTrigrams(query);
      if (grams.length === 0) return [];
      const match = grams.map((g) => `"${g.replaceAll('"', '""')}"`).join(' OR ');
      return (statement.all(match, limit) as { rowid: number }[]).map((r) => r.rowid);
    },
    close: () => db.close(),
  };
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) words.push(s.segment);
  return words;
}

/** MiniSearch with Intl.Segmenter words, ORed. */
export function miniSearchOr(corpus: Corpus): OrPeer {
  const index = new MiniSearch<PeerRow>({
    idField: 'seq',
    fields: ['text', 'title', 'section'],
    tokenize: segmentWords,
    searchOptions: { combineWith: 'OR', tokenize: segmentWords },
  });
  index.addAll(toPeerRows(corpus));
  return {
    name: 'MiniSearch OR',
    search: (query, limit) =>
      index
        .search(query)
        .slice(0, limit)
        .map((r) => Number(r.id)),
    close: () => {},
  };
}
