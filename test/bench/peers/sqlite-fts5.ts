/**
 * SQLite FTS5 (better-sqlite3 12) with the trigram tokenizer, ranked by FTS5's bm25().
 *
 * Trigrams cannot match a word shorter than three characters, and two-character words are the
 * commonest Chinese words. Such words fall back to `LIKE '%word%'`, which FTS5 cannot serve from
 * the index, so they scan — the honest cost of choosing trigram for Chinese.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Corpus } from '../../../src/types.ts';
import { type BenchEngine, queryWords, toPeerRows } from './engine.ts';
import { plainWords } from './plain-words.ts';

const TRIGRAM = 3;

function createSchema(db: Database.Database): void {
  db.exec("CREATE VIRTUAL TABLE p USING fts5(text, title, section, tokenize='trigram')");
}

/** A word as an FTS5 string literal: a phrase of its trigrams. */
function ftsPhrase(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/** A word as a LIKE pattern with its wildcards escaped. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/** Builds the SQL and parameters for one query: long words through MATCH, short ones through LIKE. */
function compileQuery(query: string, limit: number): { sql: string; params: (string | number)[] } {
  const words = queryWords(query);
  const long = words.filter((w) => [...w].length >= TRIGRAM);
  const short = words.filter((w) => [...w].length < TRIGRAM);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (long.length > 0) {
    where.push('p MATCH ?');
    params.push(long.map(ftsPhrase).join(' AND '));
  }
  for (const w of short) {
    where.push("(text LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' OR section LIKE ? ESCAPE '\\')");
    const pattern = likePattern(w);
    params.push(pattern, pattern, pattern);
  }
  const order = long.length > 0 ? 'ORDER BY rank' : '';
  params.push(limit);
  return { sql: `SELECT rowid FROM p WHERE ${where.join(' AND ')} ${order} LIMIT ?`, params };
}

/** SQLite FTS5 adapter; built in memory, saved as the database file, loaded read-only. */
export function createSqliteEngine(): BenchEngine {
  let db: Database.Database | undefined;
  // Queries differ only in how many short and long words they have, so a handful of statements serve all.
  const statements = new Map<string, Database.Statement>();
  const open = (): Database.Database => {
    if (!db) throw new Error('SQLite engine used before build or load');
    return db;
  };
  return {
    name: 'SQLite FTS5',
    async build(corpus: Corpus) {
      db?.close();
      statements.clear();
      db = new Database(':memory:');
      createSchema(db);
      const insert = db.prepare('INSERT INTO p (rowid, text, title, section) VALUES (?, ?, ?, ?)');
      const rows = toPeerRows(corpus);
      db.transaction(() => {
        for (const r of rows) insert.run(r.seq, r.text, r.title, r.section);
      })();
      db.exec("INSERT INTO p(p) VALUES('optimize')");
    },
    async save(dir: string) {
      await writeFile(join(dir, 'fts5.sqlite'), open().serialize());
    },
    async load(dir: string) {
      db?.close();
      statements.clear();
      db = new Database(join(dir, 'fts5.sqlite'), { readonly: true });
      // Touch the index once so start-up includes opening it, as a server's first query would.
      db.prepare('SELECT rowid FROM p WHERE p MATCH ? LIMIT 1').get('"中华人"');
    },
    async search(query: string, limit: number) {
      const { sql, params } = compileQuery(plainWords(query), limit);
      if (params.length === 1) return [];
      let statement = statements.get(sql);
      if (!statement) {
        statement = open().prepare(sql);
        statements.set(sql, statement);
      }
      const rows = statement.all(...params) as { rowid: number }[];
      return rows.map((r) => r.rowid);
    },
  };
}
