/**
 * What changed between the two sides of a link: the numbers (targets, counts) only one side states,
 * and the agencies added or removed. A few characters of a link, but the main sign of "modified".
 */
import { numbersOf } from './unit-profile.ts';
import type { MeasureUnit } from './units.ts';

/** The changes of one link, as the API reports them. */
export interface LinkChanges {
  /** Numbers stated only in the earlier units (`removed`) or only in the later ones (`added`). */
  numbers: { removed: string[]; added: string[] };
  agenciesAdded: string[];
  agenciesRemoved: string[];
}

/** Items of `a` not in `b`, each once, in order. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  // Most links state no number and name no agency: nothing to subtract, no Set made.
  if (a.length === 0) return [];
  return [...new Set(a)].filter((item) => !b.includes(item));
}

/**
 * The changes from `from` to `to`. Agencies are compared only when both sides name some: a side
 * without any (a sub-paragraph whose bracket sits in the next paragraph) says nothing about them.
 */
export function changesBetween(from: readonly MeasureUnit[], to: readonly MeasureUnit[]): LinkChanges {
  const fromNumbers = from.flatMap((unit) => numbersOf(unit.text));
  const toNumbers = to.flatMap((unit) => numbersOf(unit.text));
  const fromAgencies = [...new Set(from.flatMap((unit) => unit.agencies))];
  const toAgencies = [...new Set(to.flatMap((unit) => unit.agencies))];
  const compareAgencies = fromAgencies.length > 0 && toAgencies.length > 0;
  return {
    numbers: { removed: minus(fromNumbers, toNumbers), added: minus(toNumbers, fromNumbers) },
    agenciesAdded: compareAgencies ? minus(toAgencies, fromAgencies) : [],
    agenciesRemoved: compareAgencies ? minus(fromAgencies, toAgencies) : [],
  };
}

/** Whether a link's changes are any at all. */
export function hasChanges(changes: LinkChanges): boolean {
  return (
    changes.numbers.removed.length +
      changes.numbers.added.length +
      changes.agenciesAdded.length +
      changes.agenciesRemoved.length >
    0
  );
}
