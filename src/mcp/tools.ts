/**
 * The MCP tools: search, timeline, get_document, get_paragraph, similar, compare and lineage. Each has a Chinese and
 * English description, a zod input schema (the types an assistant may send), and a handler that
 * turns its arguments into the HTTP API's query parameters and validates them with the very parsers
 * the routes use (src/contract/params.ts) — so every range, default and error message is the API's.
 */
import { z } from 'zod';
import { LIMITS } from '../config.ts';
import { defaultMode } from '../contract/default-mode.ts';
import {
  parseCompareParams,
  parseId,
  parseSearchParams,
  parseSimilarParams,
  parseTimelineParams,
} from '../contract/params.ts';
import { SearchError } from '../errors.ts';
import type { UnitRef } from '../lineage/compare.ts';
import { findDocument } from '../lineage/find-document.ts';
import type { Searcher } from '../search/searcher.ts';
import type { DocumentMeta, Hit, ParagraphContext } from '../types.ts';
import { type Citation, citationLine, citationOf, paragraphUrl } from './citation.ts';
import { toolResult } from './tool-result.ts';

/** What a tool handler works with. */
export interface ToolContext {
  searcher: Searcher;
  /** Base URL of the web page, for citation links. */
  baseUrl: string;
  /** Runs work that grows with the result set (timelines) in the server's bulk lane, when there is one. */
  runBulk<T>(work: () => Promise<T>): Promise<T>;
}

/** One tool: its name, descriptions, input schema and handler. */
export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  inputSchema: Shape;
  run(args: z.infer<z.ZodObject<Shape>>, context: ToolContext): Promise<ReturnType<typeof toolResult>>;
}

/** Hits an assistant gets by default: a handful it can read and quote, not a results page. */
const DEFAULT_TOOL_LIMIT = 10;

// The values are listed for the assistant, but checked by the API's own parser, so a wrong one gets the API's message.
const modeSchema = z
  .string()
  .meta({ enum: ['keyword', 'semantic', 'hybrid'] })
  .optional()
  .describe(
    '检索模式 Search mode: keyword (exact words), semantic (meaning), hybrid (both; default when available).',
  );
const idSchema = (what: string) =>
  z.string().describe(`${what} id, as returned by search (paragraphId / docId).`);
const list = z.union([z.string(), z.array(z.string())]);

/** A hit as a tool returns it: the text with its citation, score and how it matched. */
function citedHit(hit: Hit, baseUrl: string) {
  return {
    text: hit.text,
    citation: citationOf(hit, baseUrl),
    agencies: hit.agencies,
    score: hit.score,
    matchedBy: hit.matchedBy,
  };
}

function citedParagraph(paragraph: ParagraphContext, baseUrl: string) {
  return { text: paragraph.text, citation: citationOf(paragraph, baseUrl), agencies: paragraph.agencies };
}

/** Numbered passages, each followed by its citation line. */
function passages(items: { text: string; citation: Citation }[]): string {
  return items.map((item, i) => `[${i + 1}] ${item.text}\n    ${citationLine(item.citation)}`).join('\n\n');
}

const search: ToolDefinition<{
  q: z.ZodString;
  mode: typeof modeSchema;
  year: z.ZodOptional<typeof list>;
  doc: z.ZodOptional<typeof list>;
  agency: z.ZodOptional<typeof list>;
  limit: z.ZodOptional<z.ZodNumber>;
}> = {
  name: 'search',
  title: '检索政策文件段落 Search policy paragraphs',
  description:
    '在中国政策文件中检索段落，返回带出处（文件标题、年份、章节、段落编号、网页链接）的结果。' +
    'Search Chinese policy documents by paragraph; every hit carries a citation (title, year, section path, paragraph id, page URL). ' +
    'Keyword syntax: words separated by spaces must all occur; "a | b" either; -word excludes; "…" exact phrase; 同句(a b) same sentence.',
  inputSchema: {
    q: z.string().describe('检索词 The query, 1–200 characters, e.g. 知识产权质押融资.'),
    mode: modeSchema,
    year: list.optional().describe('年份 Work years: 2021, "2020,2023" or "2020-2022".'),
    doc: list.optional().describe('文件 Document ids to search within.'),
    agency: list.optional().describe('责任单位 Responsible agencies, exact names.'),
    limit: z
      .number()
      .meta({ minimum: 1, maximum: LIMITS.maxLimit })
      .optional()
      .describe(`结果数 Hits to return, 1–${LIMITS.maxLimit} (default ${DEFAULT_TOOL_LIMIT}).`),
  },
  async run(args, { searcher, baseUrl, runBulk }) {
    const request = parseSearchParams(
      { ...args, limit: String(args.limit ?? DEFAULT_TOOL_LIMIT) },
      defaultMode(searcher),
    );
    const answer = () => searcher.search(request);
    const response = await (request.limit > LIMITS.defaultLimit ? runBulk(answer) : answer());
    const hits = response.hits.map((hit) => citedHit(hit, baseUrl));
    const heading = `${response.total} paragraphs match “${response.query}” (${response.mode}); the best ${hits.length}:`;
    return toolResult(
      hits.length > 0 ? `${heading}\n\n${passages(hits)}` : `No paragraph matches “${response.query}”.`,
      {
        query: response.query,
        mode: response.mode,
        total: response.total,
        hits,
      },
    );
  },
};

const timeline: ToolDefinition<{ q: z.ZodString; mode: typeof modeSchema }> = {
  name: 'timeline',
  title: '政策措施时间线 Timeline of a measure',
  description:
    '某项措施在哪些年份的文件中出现、最早出现在哪里，以及每年最相关的段落（带出处）。' +
    'In which years a measure appears, where it first appears, and the best paragraphs of each year, with citations. Keyword mode (default) counts exact phrase matches only.',
  inputSchema: {
    q: z.string().describe('措施名称 The measure, e.g. 数据知识产权.'),
    mode: modeSchema.describe('检索模式 keyword (default: phrase matches) or semantic/hybrid (by meaning).'),
  },
  async run(args, { searcher, baseUrl, runBulk }) {
    const { query, mode } = parseTimelineParams(args, 'keyword');
    const answer = await runBulk(() => searcher.timeline(query, mode));
    const first = answer.first ? citedHit(answer.first, baseUrl) : null;
    const years = answer.years.map((year) => ({
      year: year.year,
      count: year.count,
      hits: year.hits.map((hit) => citedHit(hit, baseUrl)),
    }));
    const text = first
      ? [
          `“${query}” first appears in ${first.citation.year ?? 'an undated document'}:`,
          passages([first]),
          '',
          ...years.map((year) => `${year.year}: ${year.count} paragraphs`),
        ].join('\n')
      : `“${query}” appears in no dated document.`;
    return toolResult(text, { query, mode, first, years });
  },
};

const getDocument: ToolDefinition<{ id: z.ZodString }> = {
  name: 'get_document',
  title: '读取整份文件 Read a whole document',
  description:
    '按编号读取一份文件：元数据（标题、年份、发文机关、文号）和全部段落（带段落编号）。' +
    'A whole document by id: its metadata (title, year, issuer, number) and all its paragraphs with their ids.',
  inputSchema: { id: idSchema('文件 Document') },
  async run(args, { searcher, baseUrl }) {
    const found = searcher.document(parseId(args.id, 'document'));
    if (!found) throw new SearchError('NOT_FOUND', 'No document with this id.');
    const { document } = found;
    const paragraphs = found.paragraphs.map((paragraph) => ({
      id: paragraph.id,
      section: paragraph.section,
      text: paragraph.text,
      agencies: paragraph.agencies,
      url: paragraphUrl(baseUrl, document.id, paragraph.id),
    }));
    const text = [
      `《${document.title}》${document.year === null ? '' : `（${document.year}）`}${document.number ? ` ${document.number}` : ''}`,
      ...paragraphs.map(
        (paragraph) =>
          `¶ ${paragraph.id}${paragraph.section.length ? ` [${paragraph.section.join(' › ')}]` : ''} ${paragraph.text}`,
      ),
    ].join('\n');
    return toolResult(text, { document, paragraphs });
  },
};

const getParagraph: ToolDefinition<{ id: z.ZodString }> = {
  name: 'get_paragraph',
  title: '读取段落及上下文 Read a paragraph in context',
  description:
    '按编号读取一个段落及其前后段落（带出处），用于核对引文上下文。' +
    'One paragraph by id with the paragraphs before and after it, each with its citation: for checking a quotation in context.',
  inputSchema: { id: idSchema('段落 Paragraph') },
  async run(args, { searcher, baseUrl }) {
    const found = searcher.paragraph(parseId(args.id, 'paragraph'));
    if (!found) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
    const paragraph = citedParagraph(found.paragraph, baseUrl);
    const prev = found.prev ? citedParagraph(found.prev, baseUrl) : null;
    const next = found.next ? citedParagraph(found.next, baseUrl) : null;
    const text = [
      prev ? `(before) ${prev.text}\n` : '',
      `${paragraph.text}\n    ${citationLine(paragraph.citation)}`,
      next ? `\n(after) ${next.text}` : '',
    ].join('');
    return toolResult(text, { paragraph, prev, next });
  },
};

const similar: ToolDefinition<{
  id: z.ZodString;
  limit: z.ZodOptional<z.ZodNumber>;
  sameDocument: z.ZodOptional<z.ZodBoolean>;
}> = {
  name: 'similar',
  title: '相似段落 Similar paragraphs',
  description:
    '查找与某段落意思相近的段落（默认只在其他文件中），带出处：用于追溯同一措施在不同年份文件中的表述。' +
    'Paragraphs closest in meaning to a given one (in other documents unless sameDocument), with citations: the same measure as other documents and years word it.',
  inputSchema: {
    id: idSchema('段落 Paragraph'),
    limit: z
      .number()
      .meta({ minimum: 1, maximum: LIMITS.maxLimit })
      .optional()
      .describe(`结果数 Paragraphs to return, 1–${LIMITS.maxLimit} (default 10).`),
    sameDocument: z
      .boolean()
      .optional()
      .describe('是否包括同一文件 Include paragraphs of the same document (default false).'),
  },
  async run(args, { searcher, baseUrl }) {
    const id = parseId(args.id, 'paragraph');
    const options = parseSimilarParams({
      ...(args.limit === undefined ? {} : { limit: String(args.limit) }),
      ...(args.sameDocument === undefined ? {} : { sameDocument: String(args.sameDocument) }),
    });
    const found = await searcher.similar(id, options);
    if (!found) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
    const hits = found.map((hit) => citedHit(hit, baseUrl));
    return toolResult(hits.length > 0 ? passages(hits) : 'No similar paragraph.', { hits });
  },
};

/** A measure unit with the citation of its paragraph (looked up once per paragraph). */
function unitCiter(searcher: Searcher, baseUrl: string) {
  const citations = new Map<string, Citation | null>();
  const citationFor = (paragraphId: string) => {
    if (!citations.has(paragraphId)) {
      const found = searcher.paragraph(paragraphId);
      citations.set(paragraphId, found ? citationOf(found.paragraph, baseUrl) : null);
    }
    return citations.get(paragraphId) ?? null;
  };
  return (units: readonly UnitRef[]) =>
    units.flatMap((unit) => {
      const citation = citationFor(unit.paragraphId);
      return citation ? [{ text: unit.text, citation }] : [];
    });
}

/** Each unit's text, then its citation line, indented under a marker (− from, + to). */
function unitLines(marker: string, units: { text: string; citation: Citation }[]): string[] {
  return units.flatMap((unit) => [`  ${marker} ${unit.text}`, `      ${citationLine(unit.citation)}`]);
}

/** The one document `name` (an id or a part of a title, as the CLI takes it) names. */
function namedDocument(searcher: Searcher, name: string): DocumentMeta {
  const found = findDocument(searcher.documents(), name);
  if ('document' in found) return found.document;
  throw new SearchError(found.matches === 0 ? 'NOT_FOUND' : 'INVALID_PARAMETER', found.error);
}

const STATUS_LABELS = { continued: '延续', modified: '调整', uncertain: '待定' } as const;
const documentName = (document: DocumentMeta) =>
  `《${document.title}》${document.year === null ? '' : `（${document.year}）`}`;

const compare: ToolDefinition<{ from: z.ZodString; to: z.ZodString }> = {
  name: 'compare',
  title: '对比两份文件的措施 Compare two documents measure by measure',
  description:
    '逐条对比两份文件（通常是同一系列的不同年份）的措施：延续、调整（数字、责任单位的变化）、待定、新增、删除，每条措施带出处。' +
    'Compare the measures of two documents (usually two years of one series): continued, modified (numbers and agencies that changed), uncertain, new and dropped, each measure with its citation (title, year, paragraph id, page URL).',
  inputSchema: {
    from: z
      .string()
      .describe('较早的文件 The earlier document: its id, or a part of its title such as 指引（2021）.'),
    to: z
      .string()
      .describe('较晚的文件 The later document: its id, or a part of its title such as 指引（2023）.'),
  },
  async run(args, { searcher, baseUrl }) {
    // The API's checks first (a name is required, two different names), then the names resolved to ids.
    const names = parseCompareParams({ from: args.from, to: args.to });
    const ids = parseCompareParams({
      from: namedDocument(searcher, names.from).id,
      to: namedDocument(searcher, names.to).id,
    });
    const comparison = searcher.lineage().compare(ids.from, ids.to);
    if (!comparison) throw new SearchError('NOT_FOUND', 'No document with this id (from or to).');
    const cite = unitCiter(searcher, baseUrl);
    const links = comparison.links.map((link) => ({
      status: link.status,
      score: link.score,
      from: cite(link.from),
      to: cite(link.to),
      changes: link.changes,
    }));
    const dropped = cite(comparison.onlyFrom);
    const added = cite(comparison.onlyTo);
    const { summary } = comparison;
    const text = [
      `${documentName(comparison.from)} → ${documentName(comparison.to)}`,
      `延续 continued ${summary.continued} · 调整 modified ${summary.modified} · 待定 uncertain ${summary.uncertain} · 新增 new ${summary.new} · 删除 dropped ${summary.dropped}`,
      ...links.flatMap((link) => {
        const { numbers, agenciesAdded, agenciesRemoved } = link.changes;
        const changes = [
          numbers.removed.length + numbers.added.length > 0
            ? `数字 numbers ${numbers.removed.join(' ') || '—'} → ${numbers.added.join(' ') || '—'}`
            : '',
          agenciesAdded.length > 0 ? `新增部门 agencies added ${agenciesAdded.join('、')}` : '',
          agenciesRemoved.length > 0 ? `删去部门 agencies removed ${agenciesRemoved.join('、')}` : '',
        ].filter(Boolean);
        return [
          '',
          `[${STATUS_LABELS[link.status]} ${link.status}] ${link.score.toFixed(2)}`,
          ...unitLines('−', link.from),
          ...unitLines('+', link.to),
          ...(changes.length > 0 ? [`  ${changes.join('；')}`] : []),
        ];
      }),
      ...dropped.flatMap((unit) => ['', '[删除 dropped]', ...unitLines('−', [unit])]),
      ...added.flatMap((unit) => ['', '[新增 new]', ...unitLines('+', [unit])]),
    ].join('\n');
    return toolResult(text, {
      from: comparison.from,
      to: comparison.to,
      summary,
      links,
      dropped,
      new: added,
    });
  },
};

const lineage: ToolDefinition<{ id: z.ZodString }> = {
  name: 'lineage',
  title: '措施沿革 A measure across the years',
  description:
    '追溯某段落中的措施在同一系列各年份文件中的表述（从最早到最晚），每年标明延续、调整、待定或未见，带出处。' +
    "Follow the measures of a paragraph through the other editions of its document's series, oldest first: each year's wording with its status (origin, continued, modified, uncertain, absent) and citation.",
  inputSchema: { id: idSchema('段落 Paragraph') },
  async run(args, { searcher, baseUrl }) {
    const found = searcher.lineage().lineage(parseId(args.id, 'paragraph'));
    if (!found) throw new SearchError('NOT_FOUND', 'No paragraph with this id.');
    const cite = unitCiter(searcher, baseUrl);
    const chain = found.chain.map((entry) => ({
      year: entry.year,
      docId: entry.docId,
      title: entry.title,
      status: entry.status,
      score: entry.score,
      units: cite(entry.units),
    }));
    const text = chain
      .flatMap((entry) => [
        `${entry.year ?? '—'} 《${entry.title}》 ${entry.status}${entry.score === null ? '' : ` ${entry.score.toFixed(2)}`}`,
        ...unitLines('·', entry.units),
      ])
      .join('\n');
    return toolResult(text, { paragraphId: found.paragraphId, chain });
  },
};

/** Every tool the MCP server offers, in the order `tools/list` gives them. */
export const TOOLS = [
  search,
  timeline,
  getDocument,
  getParagraph,
  similar,
  compare,
  lineage,
] as unknown as ToolDefinition[];
