/**
 * Step 6 of ingestion: document metadata read from the text — title, work year and period, published and
 * signed dates, issuer and document number (文号) — then overridden field by field by a sidecar
 * `<file>.meta.json` when one is given.
 */
import { z } from 'zod';
import type { DocumentMeta } from '../types.ts';
import type { SourceLine } from './source-line.ts';

/** The metadata fields ingestion extracts (everything in DocumentMeta but ids and counts). */
export type ExtractedMeta = Pick<
  DocumentMeta,
  'title' | 'year' | 'period' | 'published' | 'signed' | 'issuer' | 'number'
>;

/** How far into a document the year and period are looked for: the opening states them. */
const HEAD_CHARS = 3000;
/** A headline is a short line without a sentence end. */
const MAX_HEADLINE_LENGTH = 100;
/** A title cut from a first sentence is at most this long. */
const MAX_DERIVED_TITLE_LENGTH = 40;
/** An issuer line above a signature date is short. */
const MAX_ISSUER_LENGTH = 40;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

/** A sidecar `<file>.meta.json`: any subset of the metadata fields, nothing else. */
export const SidecarSchema = z
  .object({
    title: z.string().min(1),
    year: z.number().int().min(1900).max(2100).nullable(),
    period: z.string().min(1).nullable(),
    published: z.string().regex(ISO_DATE).nullable(),
    signed: z.string().regex(ISO_DATE).nullable(),
    issuer: z.string().min(1).nullable(),
    number: z.string().min(1).nullable(),
  })
  .partial()
  .strict();

const CN_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u;
const DASHED_DATE = /(\d{4})[-./](\d{1,2})[-./](\d{1,2})/u;
const DATE_ONLY_LINE =
  /^[（(]?\s*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})\s*[）)]?$/u;
const PUBLISHED_LABEL =
  /(?:发布时间|发布日期|发文日期|公布日期|印发日期)[：:]\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})/u;
// 2023年3月23日，国家知识产权局发布《…》
const PUBLISHED_SENTENCE = /(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[，,]?[^。]{0,30}(?:发布|印发|公布)《/u;
// The year-and-serial part of a 文号 (〔2021〕3号); the issuer's short name is read backwards from it,
// which is much cheaper than a pattern that starts at every Han character.
const DOC_NUMBER_TAIL = /[〔［【[(（]\s*\d{4}\s*[〕］】\])）]\s*\d{1,4}\s*号/gu;
const MAX_NUMBER_PREFIX = 12;
const PERIOD = /(\d{4})\s*[—–-]\s*(\d{4})\s*年度/u;
const YEAR = /(?:19|20)\d{2}/u;
const WORK_YEAR = /((?:19|20)\d{2})\s*年度?(?:的)?(?:工作|重点|计划|任务|要点)/u;
const FILE_NAME_DATE = /\((\d{4}-\d{2}-\d{2})\)/u;
const NOTICE_OF_ISSUE = /^(.{2,40}?)关于(?:印发|发布|转发)《(.+)》的通知$/u;
const LEGISLATURE = /(全国人民代表大会常务委员会|全国人民代表大会|国务院|最高人民法院|最高人民检察院)/u;

/** The first 文号 in a text (国知发运字〔2021〕3号): 2–12 Han characters, a bracketed year, a serial. */
export function documentNumber(text: string): string | null {
  for (const match of text.matchAll(DOC_NUMBER_TAIL)) {
    let start = match.index;
    while (
      start > 0 &&
      match.index - start < MAX_NUMBER_PREFIX &&
      /\p{Script=Han}/u.test(text[start - 1] ?? '')
    )
      start--;
    if (match.index - start >= 2) return (text.slice(start, match.index) + match[0]).replace(/\s+/gu, '');
  }
  return null;
}

function pad(n: string): string {
  return n.padStart(2, '0');
}

/** An ISO date from 2021年3月3日 or 2021-03-05, or null when the text holds no valid date. */
export function parseDate(text: string): string | null {
  const match = CN_DATE.exec(text) ?? DASHED_DATE.exec(text);
  if (!match) return null;
  const [, y = '', m = '', d = ''] = match;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

function stripMarkdownHeading(text: string): string {
  return text.replace(/^#{1,6}\s*/u, '');
}

/** The document's headline: its first line when that is short and not a sentence. */
export function findHeadline(lines: readonly SourceLine[]): string | null {
  const first = lines[0]?.text;
  if (first === undefined || first.length > MAX_HEADLINE_LENGTH || /[。！？；]/u.test(first)) return null;
  return stripMarkdownHeading(first);
}

function titleOf(lines: readonly SourceLine[], source: string): string {
  const headline = findHeadline(lines);
  if (headline !== null) return NOTICE_OF_ISSUE.exec(headline)?.[2] ?? headline;
  // No title line (001): the opening clause names the subject ("…2021年工作的总体要求是：").
  const opening = /^[^：:，,。；]+/u.exec(lines[0]?.text ?? '')?.[0]?.replace(/是$/u, '');
  if (opening && opening.length <= MAX_DERIVED_TITLE_LENGTH) return opening;
  return source.replace(/^.*\//u, '').replace(/\.[^.]+$/u, '');
}

function signatureIndex(lines: readonly SourceLine[]): number {
  return lines.findIndex((line) => DATE_ONLY_LINE.test(line.text));
}

function issuerOf(lines: readonly SourceLine[], signedAt: number, headline: string | null): string | null {
  for (let i = signedAt - 1; i >= 0 && i >= signedAt - 3; i--) {
    const text = lines[i]?.text ?? '';
    if (/^[（(].*[）)]$/u.test(text)) continue; // （国家知识产权局代章）
    if (text.length <= MAX_ISSUER_LENGTH && !/[，。：；、]/u.test(text)) return text;
    break;
  }
  const notice = headline ? NOTICE_OF_ISSUE.exec(headline)?.[1] : undefined;
  if (notice) return notice;
  return null;
}

/**
 * Everything the text says about the document, before any sidecar. `allLines` are the decoded
 * lines (page chrome such as 发布时间 included), `lines` the same after chrome was stripped.
 */
export function extractMetadata(input: {
  source: string;
  allLines: readonly SourceLine[];
  lines: readonly SourceLine[];
  frontMatter: Readonly<Record<string, string>>;
}): ExtractedMeta {
  const { source, allLines, lines, frontMatter } = input;
  const head = allLines
    .map((line) => line.text)
    .join('\n')
    .slice(0, HEAD_CHARS);
  const headline = findHeadline(lines);
  const title = frontMatter.title?.trim() || titleOf(lines, source);

  const periodMatch = PERIOD.exec(`${title}\n${head}`);
  const period = periodMatch ? `${periodMatch[1]}–${periodMatch[2]}` : null;
  const fileDate = FILE_NAME_DATE.exec(source)?.[1] ?? null;
  const frontMatterDate = frontMatter.date ? parseDate(frontMatter.date) : null;

  const signedAt = signatureIndex(lines);
  const signed = signedAt >= 0 ? parseDate(lines[signedAt]?.text ?? '') : null;
  const publishedText = PUBLISHED_LABEL.exec(head)?.[1] ?? PUBLISHED_SENTENCE.exec(head)?.[1];
  const published = (publishedText ? parseDate(publishedText) : null) ?? frontMatterDate ?? fileDate;

  const yearText =
    periodMatch?.[1] ??
    YEAR.exec(title)?.[0] ??
    WORK_YEAR.exec(head)?.[1] ??
    (fileDate ?? frontMatterDate)?.slice(0, 4) ??
    parseDate(head)?.slice(0, 4);
  const issuer =
    (signedAt >= 0 ? issuerOf(lines, signedAt, headline) : null) ??
    (headline ? NOTICE_OF_ISSUE.exec(headline)?.[1] : undefined) ??
    LEGISLATURE.exec(head.slice(0, 300))?.[1] ??
    null;

  return {
    title,
    year: yearText ? Number(yearText) : null,
    period,
    published,
    signed,
    issuer,
    number: documentNumber(head),
  };
}

/**
 * Apply a sidecar over extracted metadata. An invalid sidecar is ignored with a warning naming
 * the problem, so one bad file never stops a build.
 */
export function applySidecar(
  meta: ExtractedMeta,
  sidecar: unknown,
): { meta: ExtractedMeta; warnings: string[] } {
  if (sidecar === undefined) return { meta, warnings: [] };
  const parsed = SidecarSchema.safeParse(sidecar);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    return { meta, warnings: [`sidecar ignored: ${problems.join('; ')}`] };
  }
  const overrides = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  );
  return { meta: { ...meta, ...overrides }, warnings: [] };
}
