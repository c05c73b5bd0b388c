/**
 * Step 2 of ingestion, for other files: Markdown front matter (`---` … `---` at the top of a file): removed from the text, its simple
 * `key: value` scalars kept so metadata can read a title or a date from it.
 */

/** The body of a Markdown file and the scalar fields of its front matter (empty when it has none). */
export function splitFrontMatter(text: string): { body: string; fields: Record<string, string> } {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/u.exec(text);
  if (match === null) return { body: text, fields: {} };
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? '').split(/\r?\n/u)) {
    const pair = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/u.exec(line);
    if (pair?.[1] && pair[2] !== undefined) fields[pair[1]] = pair[2].replace(/^["']|["']$/gu, '').trim();
  }
  return { body: text.slice(match[0].length), fields };
}
