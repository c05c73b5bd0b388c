/**
 * Validation of query-string parameters with zod: every route turns `req.query` into a typed
 * request here, and every bad value becomes a 400 with a message that names the parameter.
 */
import { z } from 'zod';
import { LIMITS } from '../config.ts';
import { HttpError } from '../errors.ts';
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

const mode = (fallback: SearchMode) =>
  single('mode')
    .optional()
    .transform((value, ctx): SearchMode => {
      if (value === undefined || value === '') return fallback;
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

const filterFields = { year: years, doc: list('doc'), agency: list('agency') };

/** Parses `/api/search` parameters; `defaultMode` applies when `mode` is absent. */
export function parseSearchParams(raw: unknown, defaultMode: SearchMode): SearchRequest {
  const parsed = validate(
    z.object({
      q: query,
      mode: mode(defaultMode),
      limit: integer('limit', 1, LIMITS.maxLimit, LIMITS.defaultLimit),
      offset: integer('offset', 0, LIMITS.maxOffset, 0),
      ...filterFields,
    }),
    raw,
  );
  return {
    query: parsed.q,
    mode: parsed.mode,
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
  const parsed = validate(
    z.object({
      q: query,
      mode: mode(defaultMode),
      format: single('format')
        .optional()
        .transform((value, ctx) => {
          if (value === undefined || value === '' || value === 'csv' || value === 'json')
            return value || 'csv';
          ctx.addIssue({ code: 'custom', message: 'format must be csv or json' });
          return z.NEVER;
        }),
      ...filterFields,
    }),
    raw,
  );
  return { query: parsed.q, mode: parsed.mode, filters: filtersOf(parsed), format: parsed.format };
}

/** Parses `/api/timeline` parameters. */
export function parseTimelineParams(
  raw: unknown,
  defaultMode: SearchMode,
): { query: string; mode: SearchMode } {
  const parsed = validate(z.object({ q: query, mode: mode(defaultMode) }), raw);
  return { query: parsed.q, mode: parsed.mode };
}

/** Parses `/api/paragraphs/:id/similar` parameters. */
export function parseSimilarParams(raw: unknown): { limit: number; sameDocument: boolean } {
  const parsed = validate(
    z.object({
      limit: integer('limit', 1, LIMITS.maxLimit, 10),
      sameDocument: single('sameDocument')
        .optional()
        .transform((value, ctx) => {
          if (value === undefined || value === '' || value === 'false') return false;
          if (value === 'true') return true;
          ctx.addIssue({ code: 'custom', message: 'sameDocument must be true or false' });
          return z.NEVER;
        }),
    }),
    raw,
  );
  return parsed;
}

/**
 * A document or paragraph id from the path, or a 404 for one no index could hold (too long): ids
 * are only ever looked up in memory, never joined into a file path.
 */
export function parseId(raw: unknown, what: 'document' | 'paragraph'): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_ID_LENGTH) {
    throw new HttpError('NOT_FOUND', `No ${what} with this id.`);
  }
  return raw;
}

function validate<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue?.code === 'too_big' && issue.path[0] === 'q') {
    throw new HttpError('QUERY_TOO_LONG', `q is longer than ${LIMITS.maxQueryLength} characters.`);
  }
  const name = String(issue?.path[0] ?? 'parameter');
  const message = issue?.code === 'custom' ? issue.message : `${name} is invalid`;
  throw new HttpError('INVALID_PARAMETER', `${message}.`);
}

/** Parses `/api/compare` parameters: two document ids, and the answer's format. */
export function parseCompareParams(raw: unknown): { from: string; to: string; format: 'json' | 'csv' } {
  const documentId = (name: string) =>
    single(name)
      .optional()
      .transform((value, ctx) => {
        const trimmed = value?.trim() ?? '';
        if (trimmed === '' || trimmed.length > MAX_ID_LENGTH) {
          ctx.addIssue({ code: 'custom', message: `${name} is required: the id of a document` });
          return z.NEVER;
        }
        return trimmed;
      });
  const parsed = validate(
    z.object({
      from: documentId('from'),
      to: documentId('to'),
      format: single('format')
        .optional()
        .transform((value, ctx) => {
          if (value === undefined || value === '' || value === 'json' || value === 'csv')
            return value || 'json';
          ctx.addIssue({ code: 'custom', message: 'format must be json or csv' });
          return z.NEVER;
        }),
    }),
    raw,
  );
  if (parsed.from === parsed.to) {
    throw new HttpError('INVALID_PARAMETER', 'from and to must be two different documents.');
  }
  return { from: parsed.from, to: parsed.to, format: parsed.format as 'json' | 'csv' };
}
