/**
 * Per gold link of one pair: the gold unit pairs' scores, and what the aligner did with the units.
 *   npx tsx test/bench/lineage-diagnose.ts [pairName]
 */
import { LINEAGE } from '../../src/config.ts';
import { alignUnits } from '../../src/lineage/align.ts';
import { scorePairs } from '../../src/lineage/pair-scores.ts';
import { profileUnits } from '../../src/lineage/unit-profile.ts';
import { measureUnits } from '../../src/lineage/units.ts';
import { docIdOfSource } from '../helpers/lineage-baseline.ts';
import { loadGold, resolveUnit } from '../helpers/lineage-gold.ts';
import { seedIndex } from '../helpers/seed-index.ts';

const name = process.argv[2] ?? 'guideline-2021-to-2023';
const index = await seedIndex();
const pair = loadGold().pairs.find((p) => p.name === name);
if (!pair) throw new Error('no pair');
const paragraphs = (source: string) => {
  const id = docIdOfSource(index, source);
  return index.corpus.paragraphs.filter((p) => p.docId === id);
};
const fromUnits = measureUnits(paragraphs(pair.from));
const toUnits = measureUnits(paragraphs(pair.to));
const profiles = profileUnits(fromUnits, toUnits);
const pairs = scorePairs(profiles, {
  weights: LINEAGE.score,
  limits: LINEAGE.candidates,
});
const thresholds = { ...LINEAGE.thresholds, ...JSON.parse(process.env.LIN_T ?? '{}') };
const alignment = alignUnits(fromUnits, toUnits, pairs, thresholds);
const at = (units: typeof fromUnits, s: string) => {
  const ref = resolveUnit(
    units.map((u) => ({ paragraphId: u.paragraphId, text: u.text })),
    s,
  );
  return units.findIndex((u) => u.paragraphId === ref.paragraphId && u.text === ref.text);
};
const scoreOf = (f: number, t: number) => pairs.list().find((p) => p.from === f && p.to === t);
const linkOfFrom = (f: number) => alignment.links.find((l) => l.from.includes(f));
const linkOfTo = (t: number) => alignment.links.find((l) => l.to.includes(t));
const short = (s: string) => s.slice(0, 40);
const fx = (x: number | undefined) => (x === undefined ? '  -  ' : x.toFixed(3));
console.log(`units ${fromUnits.length} → ${toUnits.length}, pairs ${pairs.length}`);
for (const link of pair.links) {
  const fs = link.from.map((s) => at(fromUnits, s));
  const ts = link.to.map((s) => at(toUnits, s));
  const found = alignment.links.some(
    (l) => l.status !== 'uncertain' && l.from.some((f) => fs.includes(f)) && l.to.some((t) => ts.includes(t)),
  );
  console.log(`${found ? 'OK  ' : 'MISS'} ${link.status} [${fs}]→[${ts}]`);
  for (const f of fs)
    for (const t of ts) {
      const s = scoreOf(f, t);
      console.log(
        `   gold ${f}→${t} score ${fx(s?.score)} cos ${fx(s?.cosine)} in ${fx(s?.fromInTo)}/${fx(s?.toInFrom)} | ${short(fromUnits[f]?.text ?? '')} ⇒ ${short(toUnits[t]?.text ?? '')}`,
      );
    }
  if (!found) {
    for (const f of fs) {
      const l = linkOfFrom(f);
      if (l)
        console.log(
          `   from ${f} linked ${l.status} ${fx(l.score)} to [${l.to}] ${short(toUnits[l.to[0] ?? 0]?.text ?? '')}`,
        );
    }
    for (const t of ts) {
      const l = linkOfTo(t);
      if (l)
        console.log(
          `   to ${t} linked ${l.status} ${fx(l.score)} from [${l.from}] ${short(fromUnits[l.from[0] ?? 0]?.text ?? '')}`,
        );
    }
  }
}
console.log('--- onlyFrom / onlyTo gold');
for (const s of pair.onlyFrom) {
  const f = at(fromUnits, s);
  const l = linkOfFrom(f);
  if (l)
    console.log(
      `FROM ${f} ${l.status} ${fx(l.score)} → [${l.to}] ${short(fromUnits[f]?.text ?? '')} ⇒ ${short(toUnits[l.to[0] ?? 0]?.text ?? '')}`,
    );
}
for (const s of pair.onlyTo) {
  const t = at(toUnits, s);
  const l = linkOfTo(t);
  if (l)
    console.log(
      `TO ${t} ${l.status} ${fx(l.score)} ← [${l.from}] ${short(fromUnits[l.from[0] ?? 0]?.text ?? '')} ⇒ ${short(toUnits[t]?.text ?? '')}`,
    );
}
for (const probe of (process.env.LIN_PROBE ?? '').split(',').filter(Boolean)) {
  const [side, n] = [probe[0], Number(probe.slice(1))];
  const list = pairs
    .list()
    .filter((p) => (side === 'f' ? p.from === n : p.to === n))
    .sort((a, b) => b.score - a.score);
  console.log(`probe ${probe}: ${short((side === 'f' ? fromUnits[n] : toUnits[n])?.text ?? '')}`);
  for (const p of list.slice(0, 6))
    console.log(
      `   ${p.from}→${p.to} ${fx(p.score)} cos ${fx(p.cosine)} | ${short(side === 'f' ? (toUnits[p.to]?.text ?? '') : (fromUnits[p.from]?.text ?? ''))}`,
    );
  const l = side === 'f' ? linkOfFrom(n) : linkOfTo(n);
  console.log(`   linked: ${l ? `${l.status} ${fx(l.score)} [${l.from}]→[${l.to}]` : 'none'}`);
}
