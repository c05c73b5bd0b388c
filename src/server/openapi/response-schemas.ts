/**
 * zod schemas of every JSON body the API answers with. Each is checked against the TypeScript type
 * the searcher returns (`satisfies z.ZodType<…>`), so a field added to a type without its schema
 * fails the type check; the OpenAPI document is generated from these, and the contract test parses
 * real responses with them.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../../errors.ts';
import type { CompareResponse } from '../../lineage/compare.ts';
import type { LineageResponse } from '../../lineage/lineage-service.ts';
import type {
  DocumentWithParagraphs,
  IndexSummary,
  ParagraphInContext,
  ParagraphWithNeighbours,
} from '../../search/searcher.ts';
import type { TimelineResponse } from '../../search/timeline.ts';
import { SUGGESTION_KINDS } from '../../suggest/suggest-entries.ts';
import type { Suggestion } from '../../suggest/suggest-index.ts';
import type { DocumentMeta, EmbedderInfo, Facets, Hit, SearchResponse } from '../../types.ts';

const MODES = ['keyword', 'semantic', 'hybrid'] as const;
const section = z.array(z.string()).meta({ description: 'Headings above the paragraph, outermost first.' });

/** `{"error": {code, message}}`: every failure. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: 'What went wrong and what to change, for a person.' }),
    }),
  })
  .meta({ id: 'Error' });

const embedderSchema = z
  .object({ kind: z.enum(['transformer', 'corpus']), model: z.string(), dimensions: z.number().int() })
  .meta({ id: 'Embedder' }) satisfies z.ZodType<EmbedderInfo>;

/** `GET /api/health`. */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).meta({
      description:
        '`degraded` when the semantic half failed to load: keyword search works, semantic and hybrid answer 503.',
    }),
    documents: z.number().int(),
    paragraphs: z.number().int(),
    builtAt: z.string().meta({ description: 'ISO time the index was built.' }),
    embedder: embedderSchema.nullable(),
    cache: z
      .object({
        hits: z.number().int(),
        misses: z.number().int(),
        joined: z.number().int().meta({
          description:
            'Searches that arrived while the same search was being answered and shared its answer.',
        }),
        entries: z.number().int(),
        bytes: z.number().int(),
      })
      .optional()
      .meta({ description: 'The search result cache since this build was served (absent when it is off).' }),
    semantic: z.enum(['none', 'loading', 'ready', 'failed']).meta({
      description:
        'The semantic half (graph + query model): `loading` for a few seconds after start, while keyword search already answers; semantic and hybrid requests meanwhile wait for it (up to 8 s, then 503 SEMANTIC_LOADING).',
    }),
    semanticError: z
      .string()
      .optional()
      .meta({ description: 'Why the semantic half failed to load (only when `semantic` is `failed`).' }),
  })
  .meta({ id: 'Health' }) satisfies z.ZodType<IndexSummary & { status: 'ok' | 'degraded' }>;

/** One document's metadata. */
export const documentMetaSchema = z
  .object({
    id: z.string(),
    source: z.string().meta({ description: 'File path relative to the input folder.' }),
    title: z.string(),
    year: z.number().int().nullable().meta({ description: 'The work year the document plans for.' }),
    period: z.string().nullable(),
    published: z.string().nullable().meta({ description: 'ISO date (YYYY-MM-DD).' }),
    signed: z.string().nullable().meta({ description: 'ISO date (YYYY-MM-DD).' }),
    issuer: z.string().nullable(),
    number: z.string().nullable().meta({ description: 'Document number (文号).' }),
    paragraphCount: z.number().int(),
  })
  .meta({ id: 'DocumentMeta' }) satisfies z.ZodType<DocumentMeta>;

/** `GET /api/documents`. */
export const documentListSchema = z.object({ documents: z.array(documentMetaSchema) });

const fields = z
  .record(z.string(), z.string())
  .meta({ description: 'Named fields of a table row, e.g. 执行部门, 完成时间.' });

/** `GET /api/documents/{id}`. */
export const documentWithParagraphsSchema = z
  .object({
    document: documentMetaSchema,
    paragraphs: z.array(
      z.object({
        id: z.string(),
        section,
        text: z.string(),
        original: z.string(),
        agencies: z.array(z.string()),
        fields: fields.optional(),
      }),
    ),
  })
  .meta({ id: 'DocumentWithParagraphs' }) satisfies z.ZodType<DocumentWithParagraphs>;

const paragraphContextShape = {
  id: z.string(),
  docId: z.string(),
  source: z.string(),
  title: z.string(),
  year: z.number().int().nullable(),
  section,
  text: z.string().meta({ description: 'Normalized text: simplified script, unified punctuation.' }),
  agencies: z.array(z.string()),
};

const paragraphInContextSchema = z
  .object({ ...paragraphContextShape, original: z.string(), fields: fields.optional() })
  .meta({ id: 'ParagraphInContext' }) satisfies z.ZodType<ParagraphInContext>;

/** `GET /api/paragraphs/{id}`. */
export const paragraphWithNeighboursSchema = z
  .object({
    paragraph: paragraphInContextSchema,
    prev: paragraphInContextSchema.nullable(),
    next: paragraphInContextSchema.nullable(),
  })
  .meta({ id: 'ParagraphWithNeighbours' }) satisfies z.ZodType<ParagraphWithNeighbours>;

/** One ranked paragraph. */
export const hitSchema = z
  .object({
    ...paragraphContextShape,
    snippet: z.string().meta({ description: 'About 120 characters, HTML-escaped, matches in <mark>.' }),
    highlights: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .meta({ description: '[start, end) character offsets of the matches in text.' }),
    score: z.number(),
    matchedBy: z.array(z.enum(['keyword', 'semantic', 'concept'])).meta({
      description:
        'The lists that hold the hit: keyword terms, semantic neighbours, concept coverage (hybrid).',
    }),
  })
  .meta({ id: 'Hit' }) satisfies z.ZodType<Hit>;

const facetsSchema = z
  .object({
    years: z.array(z.object({ year: z.number().int(), count: z.number().int() })),
    documents: z.array(z.object({ id: z.string(), title: z.string(), count: z.number().int() })),
    agencies: z.array(z.object({ name: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'Facets' }) satisfies z.ZodType<Facets>;

/** `GET /api/search`. */
export const searchResponseSchema = z
  .object({
    query: z.string(),
    mode: z.enum(MODES),
    total: z.number().int(),
    tookMs: z.number().meta({
      description:
        'Milliseconds the whole search took in the server (query parsing, ranking, the snippets of the page and the facets), rounded up to 0.01; the Server-Timing header breaks it down.',
    }),
    hits: z.array(hitSchema),
    facets: facetsSchema,
  })
  .meta({ id: 'SearchResponse' }) satisfies z.ZodType<SearchResponse>;

/** `GET /api/paragraphs/{id}/similar`. */
export const similarResponseSchema = z.object({ hits: z.array(hitSchema) });

const timelineYearSchema = z.object({
  year: z.number().int(),
  count: z.number().int(),
  hits: z.array(hitSchema),
});

/** `GET /api/timeline`. */
export const timelineResponseSchema = z
  .object({
    query: z.string(),
    mode: z.enum(MODES),
    first: hitSchema.nullable().meta({
      description: 'The earliest paragraph that states the measure; never a meaning-only (possible) one.',
    }),
    years: z.array(timelineYearSchema).meta({
      description:
        'Paragraphs that state the measure (phrase matches, or meaning matches passing the measure check), per year.',
    }),
    possible: z.array(timelineYearSchema).meta({
      description:
        'Meaning-only paragraphs that fail the measure check (可能相关), per year: never counted, never first.',
    }),
  })
  .meta({ id: 'TimelineResponse' }) satisfies z.ZodType<TimelineResponse>;

/** `GET /api/export?format=json`. */
export const exportJsonSchema = z
  .object({
    query: z.string(),
    mode: z.enum(MODES),
    total: z.number().int(),
    rows: z.array(
      z.object({
        year: z.number().int().nullable(),
        document: z.string(),
        number: z.string().nullable(),
        section,
        text: z.string(),
        citation: z.string(),
        paragraphId: z.string(),
        docId: z.string(),
        score: z.number(),
      }),
    ),
  })
  .meta({ id: 'ExportJson' });

/** `GET /api/export?format=csv`: a header line, then one row per paragraph. */
export const exportCsvSchema = z.string().meta({
  description: 'CSV: year, document, number, section, text, citation, paragraphId, score.',
});

const suggestionSchema = z
  .object({
    text: z.string(),
    kind: z.enum(SUGGESTION_KINDS),
    count: z.number().int().meta({
      description: 'Paragraphs that hold the term or name the agency; documents with the title.',
    }),
  })
  .meta({ id: 'Suggestion' }) satisfies z.ZodType<Suggestion>;

/** `GET /api/suggest`. */
export const suggestResponseSchema = z.object({ suggestions: z.array(suggestionSchema) });

const unitRefSchema = z
  .object({
    paragraphId: z.string().meta({ description: 'The paragraph the measure is stated in.' }),
    text: z
      .string()
      .meta({ description: "The measure's normalized text: numbering, headings and （…负责） stripped." }),
  })
  .meta({ id: 'UnitRef' });

const compareLinkSchema = z
  .object({
    status: z.enum(['continued', 'modified', 'uncertain']),
    from: z.array(unitRefSchema).meta({ description: 'Units of the from document (several for a merge).' }),
    to: z.array(unitRefSchema).meta({ description: 'Units of the to document (several for a split).' }),
    score: z.number(),
    changes: z.object({
      numbers: z.object({
        removed: z.array(z.string()).meta({ description: 'Numbers stated only on the from side.' }),
        added: z.array(z.string()).meta({ description: 'Numbers stated only on the to side.' }),
      }),
      agenciesAdded: z.array(z.string()),
      agenciesRemoved: z.array(z.string()),
    }),
  })
  .meta({ id: 'CompareLink' });

/** `GET /api/compare` (format=json). */
export const compareResponseSchema = z
  .object({
    from: documentMetaSchema,
    to: documentMetaSchema,
    summary: z.object({
      continued: z.number().int(),
      modified: z.number().int(),
      uncertain: z.number().int(),
      new: z.number().int(),
      dropped: z.number().int(),
    }),
    links: z.array(compareLinkSchema),
    onlyFrom: z.array(unitRefSchema).meta({ description: 'Dropped: units only the from document holds.' }),
    onlyTo: z.array(unitRefSchema).meta({ description: 'New: units only the to document holds.' }),
    thresholds: z
      .object({
        candidate: z.number(),
        link: z.number(),
        uncertain: z.number(),
        continued: z.number(),
        contained: z.number(),
        containedCosine: z.number(),
        neighbour: z.number(),
        neighbourWindow: z.number(),
        weights: z.object({
          anchor: z.number(),
          agency: z.number(),
          semantic: z.number(),
          semanticBase: z.number(),
          context: z.number(),
          clause: z.number(),
        }),
        semantic: z.boolean().meta({ description: 'Whether embedding similarity took part in the scores.' }),
      })
      .meta({ description: 'The thresholds and weights this answer was made with.' }),
    tookMs: z.number(),
  })
  .meta({ id: 'CompareResponse' }) satisfies z.ZodType<CompareResponse>;

/** `GET /api/compare?format=csv`: a header line, then one row per link, dropped and new unit. */
export const compareCsvSchema = z.string().meta({
  description:
    'CSV: status, score, fromParagraphIds, fromText, toParagraphIds, toText, numbersRemoved, numbersAdded, agenciesAdded, agenciesRemoved.',
});

/** `GET /api/documents/{id}/series`. */
export const seriesResponseSchema = z
  .object({
    documents: z
      .array(documentMetaSchema)
      .meta({ description: "The other editions of the document's series, oldest first." }),
  })
  .meta({ id: 'SeriesResponse' }) satisfies z.ZodType<{ documents: DocumentMeta[] }>;

/** `GET /api/paragraphs/{id}/lineage`. */
export const lineageResponseSchema = z
  .object({
    paragraphId: z.string(),
    chain: z
      .array(
        z.object({
          year: z.number().int().nullable(),
          docId: z.string(),
          title: z.string(),
          units: z.array(unitRefSchema),
          status: z.enum(['origin', 'continued', 'modified', 'uncertain', 'absent']).meta({
            description: "origin: the paragraph's own document; absent: no unit of this edition is linked.",
          }),
          score: z.number().nullable(),
        }),
      )
      .meta({ description: "The paragraph's measures through the editions of its series, oldest first." }),
  })
  .meta({ id: 'LineageResponse' }) satisfies z.ZodType<LineageResponse>;

/** `GET /api/openapi.json`: this document, described loosely (its own schema is OpenAPI 3.1's). */
export const openApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .loose();

/** `GET /api/docs`: the HTML reference page. */
export const htmlPageSchema = z.string().meta({ description: 'An HTML page.' });
