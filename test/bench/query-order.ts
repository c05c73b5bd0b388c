/**
 * The order the query phase runs the sample in. The sample is drawn kind by kind (all words, then
 * all substrings, then all word pairs), so a run cut off by the time budget would otherwise time
 * only words; spreading each kind evenly over the order keeps any prefix a fair mix.
 */

/**
 * Indices of `items` with every kind spread evenly: the j-th of a kind's n items sits at (j + ½)/n
 * of the way through, ties going to the kind met first. Deterministic, and within a kind the
 * original order is kept. `[w, w, s, s, t]` → `[0, 2, 4, 1, 3]`.
 */
export function interleaveByKind(items: readonly { kind: string }[]): number[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  const kindRank = new Map([...counts.keys()].map((kind, rank) => [kind, rank]));
  const seen = new Map<string, number>();
  const keyed = items.map((item, index) => {
    const j = seen.get(item.kind) ?? 0;
    seen.set(item.kind, j + 1);
    return { index, at: (j + 0.5) / (counts.get(item.kind) ?? 1), rank: kindRank.get(item.kind) ?? 0 };
  });
  return keyed.sort((a, b) => a.at - b.at || a.rank - b.rank).map((k) => k.index);
}
