/**
 * Part of step 8 of ingestion (called by paragraphs.ts): the responsible bodies of a paragraph — names in （…负责） brackets (a paragraph may hold
 * several) and the 执行部门 column of a task table.
 */

/** A （市场监管总局、农业农村部、知识产权局负责） bracket, also with ASCII parentheses; group 1 holds the names. */
export const RESPONSIBILITY_BRACKET = /[（(]([^（）()]{2,300}?)负责[）)]/gu;
// Wording around the names: 等按职责分工负责, 分别负责, 牵头 …
const TRAILING_WORDING = /(?:等)?(?:按职责分工|按职责|分别|共同|牵头)?$/u;
const NAME_SEPARATOR = /[、，,；;]/u;
/** A body's name is short; anything longer is a clause, not a name. */
const MAX_NAME_LENGTH = 25;
/** 执行部门 entries naming where a task applies rather than who does it (省份：各类省份必做). */
const NON_AGENCY_LABELS = new Set(['省份', '地区', '备注']);

function cleanNames(list: string): string[] {
  return list
    .split(NAME_SEPARATOR)
    .map((name) => name.trim().replace(/等$/u, ''))
    .filter((name) => name !== '' && name.length <= MAX_NAME_LENGTH);
}

/** Names inside every （…负责） bracket of a text, split on 、, in order of appearance. */
export function bracketAgencies(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(RESPONSIBILITY_BRACKET)) {
    names.push(...cleanNames((match[1] ?? '').replace(TRAILING_WORDING, '')));
  }
  return names;
}

/**
 * Names in a table's 执行部门 cell, whose entries are `label：names` joined by ；. Entries labelled
 * 局内 (inside the administration) name departments; 省份 entries say which provinces must act,
 * not a body, so they are left to the field.
 */
export function departmentAgencies(cell: string): string[] {
  const names: string[] = [];
  for (const entry of cell.split(/[；;]/u)) {
    const labelled = /^([^：:]{1,6})[：:](.*)$/u.exec(entry.trim());
    const label = labelled?.[1];
    if (label !== undefined && NON_AGENCY_LABELS.has(label)) continue;
    names.push(...cleanNames(labelled ? (labelled[2] ?? '') : entry));
  }
  return names;
}

/** Agencies of one paragraph: its brackets, then its 执行部门 field, without repeats. */
export function paragraphAgencies(text: string, fields?: Readonly<Record<string, string>>): string[] {
  const department = fields?.执行部门;
  const names = [...bracketAgencies(text), ...(department ? departmentAgencies(department) : [])];
  return [...new Set(names)];
}
