/**
 * Series: documents that are editions of one another. Two documents are of one series when their
 * titles agree once years, numbers, bracketed editions and the genre word (年度工作指引, 任务清单,
 * 推进计划 …) are removed — so the 2020 task list, the 2021 and the 2023 guideline form one series,
 * and so do the revisions of one law.
 */
import type { DocumentMeta } from '../types.ts';

// A bracket that holds an edition: （2021）, (2020修正), 〔2021〕3号.
const EDITION = /[（(〔[][^（）()〔〕[\]]*\d[^（）()〔〕[\]]*[）)〕\]]\s*(?:第?\d+号)?/gu;
const YEARS_AND_NUMBERS = /(?:19|20)\d\d\s*年(?:度)?|\d+/gu;
// The genre of an edition, which may change while the series goes on.
const GENRE =
  /(?:年度)?(?:工作指引|工作要点|任务清单|推进计划|实施方案|工作计划|工作方案|行动计划|要点|清单|指引|计划|方案)$/u;
const PUNCTUATION = /[\s“”"《》、，,。：:—–-]/gu;

/** The series key of a title: the same for every edition of one series. */
export function seriesKey(title: string): string {
  const bare = title.replace(EDITION, '').replace(YEARS_AND_NUMBERS, '').replace(PUNCTUATION, '');
  const withoutGenre = bare.replace(GENRE, '');
  // A title that is nothing but a genre word keeps it, so unrelated 工作要点 do not merge.
  return withoutGenre.length >= 4 ? withoutGenre : bare;
}

/** Oldest first: by year, then publication date, then title (documents without a year last). */
export function byEdition(a: DocumentMeta, b: DocumentMeta): number {
  const year = (a.year ?? Number.MAX_SAFE_INTEGER) - (b.year ?? Number.MAX_SAFE_INTEGER);
  if (year !== 0) return year;
  return (a.published ?? '').localeCompare(b.published ?? '') || a.title.localeCompare(b.title);
}

/** Groups documents by series key; each group oldest first. */
export function groupSeries(documents: readonly DocumentMeta[]): Map<string, DocumentMeta[]> {
  const groups = new Map<string, DocumentMeta[]>();
  for (const document of documents) {
    const key = seriesKey(document.title);
    const group = groups.get(key);
    if (group) group.push(document);
    else groups.set(key, [document]);
  }
  for (const group of groups.values()) group.sort(byEdition);
  return groups;
}
