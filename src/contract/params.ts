/**
 * Validation of query-string parameters with zod: every route turns `req.query` into a typed
 * request here, and every bad value becomes a 400 with a message that names the parameter. The
 * same schemas, with their `.meta()` descriptions, are what the OpenAPI document describes
 * (src/server/openapi/), so the contract cannot drift from the checks.
 */
import { z } from 'zod';
import { LIMITS, SUGGEST } from '../config.ts';
import { SearchError } from '../errors.ts';
import type { SearchFilters, SearchMode, SearchRequest } from '../types.ts';

/** The widest year range a filter may name: wider ranges are typos, and bound the filter's size. */
const MAX_YEAR_SPAN = 200;
/** Most values one list filter (doc, agency, year) may carry. */
const MAX_FILTER_VALUES = 100;
/** Longest id accepted before lookup: real ids are under 30 characters. */
const MAX_ID_LENGTH = 100;

const MODES = ['keyword', 'semantic', 'hybrid'] as const;

/** One query-string value: repeated parameters arrive as arrays and are refused where one value is meant. */
const single = (name: string) =>
  z.union([z.string(), z.array(z.unknown())]).transform((value, ctx) => {
    if (typeof value === 'string') return value;
    ctx.addIssue({ code: 'custom', message: `${name} must be given once` });
    return z.NEVER;
  });

const integer = (name: string, min: number, max: number, fallback: number) =>
  single(name)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      if (!/^\d{1,9}$/.test(value.trim())) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      const number = Number(value.trim());
      if (number < min || number > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return number;
    });

const query = single('q')
  .optional()
  .transform((value, ctx) => {
    const trimmed = value?.trim() ?? '';
    if (trimmed === '') {
      ctx.addIssue({ code: 'custom', message: 'q is required: the words to search for' });
      return z.NEVER;
    }
    if ([...trimmed].length > LIMITS.maxQueryLength) {
      ctx.addIssue({ code: 'too_big', maximum: LIMITS.maxQueryLength, origin: 'string', message: '' });
      return z.NEVER;
    }
    return trimmed;
  });

/** The search mode, or undefined when absent: the route supplies its default (it depends on the index). */
const mode = single('mode')
  .optional()
  .transform((value, ctx): SearchMode | undefined => {
    if (value === undefined || value === '') return undefined;
    if ((MODES as readonly string[]).includes(value)) return value as SearchMode;
    ctx.addIssue({ code: 'custom', message: `mode must be one of ${MODES.join(', ')}` });
    return z.NEVER;
  });

/** A list filter: repeated parameters and comma-separated values both add values. */
const list = (name: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value, ctx) => {
      const values = (Array.isArray(value) ? value : value === undefined ? [] : [value])
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '');
      if (values.length > MAX_FILTER_VALUES) {
        ctx.addIssue({ code: 'custom', message: `${name} takes at most ${MAX_FILTER_VALUES} values` });
        return z.NEVER;
      }
      return values;
    });

const years = list('year').transform((values, ctx) => {
  const result = new Set<number>();
  for (const value of values) {
    const match = /^(\d{4})(?:\s*[-–]\s*(\d{4}))?$/.exec(value);
    const from = Number(match?.[1]);
    const to = match?.[2] === undefined ? from : Number(match[2]);
    if (!match || to < from || to - from > MAX_YEAR_SPAN) {
      ctx.addIssue({
        code: 'custom',
        message: 'year takes a year (2021), a list (2020,2023) or a range (2020-2022)',
      });
      return z.NEVER;
    }
    for (let year = from; year <= to; year++) result.add(year);
  }
  return [...result].sort((a, b) => a - b);
});

function filtersOf(parsed: { year: number[]; doc: string[]; agency: string[] }): SearchFilters {
  const filters: SearchFilters = {};
  if (parsed.year.length) filters.years = parsed.year;
  if (parsed.doc.length) filters.docIds = parsed.doc;
  if (parsed.agency.length) filters.agencies = parsed.agency;
  return filters;
}

/**
 * How a parameter looks on the wire, for the OpenAPI document: the zod schema above it checks the
 * raw query string (and turns it into numbers, lists, defaults), which JSON Schema cannot say, so
 * the description of the accepted text rides on the same schema object as its metadata.
 */
function documented<T extends z.ZodType>(
  schema: T,
  wire: { description: string; required?: boolean; schema: Record<string, unknown> },
): T {
  return schema.meta({
    description: wire.description,
    ...(wire.required ? { param: { required: true } } : {}),
    override: ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
      Object.assign(jsonSchema, wire.schema, { description: wire.description });
    },
  });
}

const modeValues = { type: 'string', enum: [...MODES] };
const qParam = documented(query, {
  description: `The words to search for, 1–${LIMITS.maxQueryLength} characters after trimming; keyword syntax: spaces (AND), | or OR, -word, "phrase", 同句(…), 同段(…).`,
  required: true,
  schema: { type: 'string', minLength: 1, maxLength: LIMITS.maxQueryLength, examples: ['知识产权质押融资'] },
});
const listParam = (example: string) => ({ type: 'array', items: { type: 'string' }, examples: [[example]] });
const filterFields = {
  year: documented(years, {
    description: 'Work years: a year (2021), a list (2020,2023) or a range (2020-2022); may repeat.',
    schema: listParam('2020-2022'),
  }),
  doc: documented(list('doc'), {
    description: 'Document ids to search within; comma-separated or repeated.',
    schema: listParam('7b8c95732b0c'),
  }),
  agency: documented(list('agency'), {
    description: 'Responsible agencies (exact names, as in facets.agencies); comma-separated or repeated.',
    schema: listParam('知识产权局'),
  }),
};
const modeParam = (fallback: string) =>
  documented(mode, { description: `Search mode; default ${fallback}.`, schema: modeValues });
const integerParam = (name: string, min: number, max: number, fallback: number, what: string) =>
  documented(integer(name, min, max, fallback), {
    description: `${what} (${min}–${max}, default ${fallback}).`,
    schema: { type: 'integer', minimum: min, maximum: max, default: fallback },
  });

/** The query string of `GET /api/search`. */
export const searchQuerySchema = z.object({
  q: qParam,
  mode: modeParam('hybrid when the index has embeddings, else keyword'),
  limit: integerParam('limit', 1, LIMITS.maxLimit, LIMITS.defaultLimit, 'Hits per page'),
  offset: integerParam('offset', 0, LIMITS.maxOffset, 0, 'Hits to skip'),
  ...filterFields,
});

/** The query string of `GET /api/export`. */
export const exportQuerySchema = z.object({
  q: qParam,
  mode: modeParam('hybrid when the index has embeddings, else keyword'),
  format: documented(
    single('format')
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '' || value === 'csv' || value === 'json') return value || 'csv';
        ctx.addIssue({ code: 'custom', message: 'format must be csv or json' });
        return z.NEVER;
      }),
    {
      description: 'File format of the export; default csv.',
      schema: { type: 'string', enum: ['csv', 'json'], default: 'csv' },
    },
  ),
  ...filterFields,
});

/** The query string of `GET /api/timeline`. */
export const timelineQuerySchema = z.object({ q: qParam, mode: modeParam('keyword') });

/** The query string of `GET /api/paragraphs/{id}/similar`. */
export const similarQuerySchema = z.object({
  limit: integerParam('limit', 1, LIMITS.maxLimit, 10, 'Paragraphs to return'),
  sameDocument: documented(
    single('sameDocument')
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '' || value === 'false') return false;
        if (value === 'true') return true;
        ctx.addIssue({ code: 'custom', message: 'sameDocument must be true or false' });
        return z.NEVER;
      }),
    {
      description: 'Whether paragraphs of the same document may be returned; default false.',
      schema: { type: 'boolean', default: false },
    },
  ),
});

/** The query string of `GET /api/suggest`. */
export const suggestQuerySchema = z.object({
  q: documented(
    single('q')
      .optional()
      .transform((value, ctx) => {
        const trimmed = value?.trim() ?? '';
        if (trimmed === '') {
          ctx.addIssue({ code: 'custom', message: 'q is required: the start of a query' });
          return z.NEVER;
        }
        if ([...trimmed].length > SUGGEST.maxPrefixLength) {
          ctx.addIssue({ code: 'custom', message: `q takes at most ${SUGGEST.maxPrefixLength} characters` });
          return z.NEVER;
        }
        return trimmed;
      }),
    {
      description: `What the user has typed so far, 1–${SUGGEST.maxPrefixLength} characters; normalized like a query (智慧財產 → 知识产权).`,
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: SUGGEST.maxPrefixLength, examples: ['知识产'] },
    },
  ),
  limit: integerParam('limit', 1, SUGGEST.maxLimit, SUGGEST.defaultLimit, 'Suggestions to return'),
});

const documentId = (name: string, description: string) =>
  documented(
    single(name)
      .optional()
      .transform((value, ctx) => {
        const trimmed = value?.trim() ?? '';
        if (trimmed === '' || trimmed.length > MAX_ID_LENGTH) {
          ctx.addIssue({ code: 'custom', message: `${name} is required: the id of a document` });
          return z.NEVER;
        }
        return trimmed;
      }),
    {
      description,
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH, examples: ['7b8c95732b0c'] },
    },
  );

/** The query string of `GET /api/compare`. */
export const compareQuerySchema = z.object({
  from: documentId('from', 'Id of one document, normally the earlier edition.'),
  to: documentId('to', 'Id of the other document, normally the later edition; must differ from from.'),
  format: documented(
    single('format')
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '' || value === 'json' || value === 'csv')
          return value || 'json';
        ctx.addIssue({ code: 'custom', message: 'format must be json or csv' });
        return z.NEVER;
      }),
    {
      description: 'json (default) or csv: one row per link, then the dropped and the new units.',
      schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
    },
  ),
});

/** The `{id}` path parameter of the document and paragraph routes. */
export const idPathSchema = z.object({
  id: z.string().meta({ description: 'A document or paragraph id, as the API returns it.' }),
});

/** Parses `/api/search` parameters; `defaultMode` applies when `mode` is absent. */
export function parseSearchParams(raw: unknown, defaultMode: SearchMode): SearchRequest {
  const parsed = validate(searchQuerySchema, raw);
  return {
    query: parsed.q,
    mode: parsed.mode ?? defaultMode,
    limit: parsed.limit,
    offset: parsed.offset,
    filters: filtersOf(parsed),
  };
}

/** Parses `/api/export` parameters: a search without paging, plus the file format. */
export function parseExportParams(
  raw: unknown,
  defaultMode: SearchMode,
): { query: string; mode: SearchMode; filters: SearchFilters; format: 'csv' | 'json' } {
  const parsed = validate(exportQuerySchema, raw);
  return {
    query: parsed.q,
    mode: parsed.mode ?? defaultMode,
    filters: filtersOf(parsed),
    format: parsed.format,
  };
}

/** Parses `/api/timeline` parameters. */
export function parseTimelineParams(
  raw: unknown,
  defaultMode: SearchMode,
): { query: string; mode: SearchMode } {
  const parsed = validate(timelineQuerySchema, raw);
  return { query: parsed.q, mode: parsed.mode ?? defaultMode };
}

/** Parses `/api/paragraphs/:id/similar` parameters. */
export function parseSimilarParams(raw: unknown): { limit: number; sameDocument: boolean } {
  return validate(similarQuerySchema, raw);
}

/** Parses `/api/suggest` parameters. */
export function parseSuggestParams(raw: unknown): { q: string; limit: number } {
  return validate(suggestQuerySchema, raw);
}

/**
 * A document or paragraph id from the path, or a 404 for one no index could hold (too long): ids
 * are only ever looked up in memory, never joined into a file path.
 */
export function parseId(raw: unknown, what: 'document' | 'paragraph'): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_ID_LENGTH) {
    throw new SearchError('NOT_FOUND', `No ${what} with this id.`);
  }
  return raw;
}

function validate<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'too_big' && issue.path[0] === 'q') {
    throw new SearchError('QUERY_TOO_LONG', `q is longer than ${LIMITS.maxQueryLength} characters.`);
  }
  const name = String(issue?.path[0] ?? 'parameter');
  const message = issue?.code === 'custom' ? issue.message : `${name} is invalid`;
  throw new SearchError('INVALID_PARAMETER', `${message}.`);
}

/** Parses `/api/compare` parameters: two document ids, and the answer's format. */
export function parseCompareParams(raw: unknown): { from: string; to: string; format: 'json' | 'csv' } {
  const parsed = validate(compareQuerySchema, raw);
  if (parsed.from === parsed.to) {
    throw new SearchError('INVALID_PARAMETER', 'from and to must be two different documents.');
  }
  return { from: parsed.from, to: parsed.to, format: parsed.format as 'json' | 'csv' };
}
