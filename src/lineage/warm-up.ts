/**
 * A comparison of two made-up documents, run once by the server a moment after it starts listening,
 * so that the first comparison a user asks for does not also pay for the engine compiling the
 * comparison code: cold, its loops run in the interpreter, where every call and every float costs
 * (a first comparison of two large laws took about twice the CPU of the same comparison repeated).
 * The documents exercise the paths a real comparison takes — stored scans and scanned texts,
 * verbatim pairs, clause matches, 《…》 titles, numbers, agencies, the greedy assignment of a large
 * group and Munkres on small ones — and nothing they compute is kept.
 */
import { LINEAGE } from '../config.ts';
import { seededRandom } from '../seeded-random.ts';
import type { DocumentMeta } from '../types.ts';
import { alignDocuments, type CompareOptions, describeComparison } from './compare.ts';
import { decodeScanRecord, UnitScanner } from './unit-scans.ts';
import type { MeasureUnit } from './units.ts';

/** Characters the made-up sentences are drawn from (a few hundred bigrams, rare and common ones). */
const CHARACTERS =
  '知识产权保护制度建设加强完善推进实施管理服务体系机制审查质量效率提升运用转化创新发展规划工作任务部门协同监督检查法律责任规定条例办法申请登记程序';
const AGENCIES = ['国家知识产权局', '市场监管总局', '司法部', '公安部'];

function sentence(random: () => number): string {
  const clauses = 1 + Math.floor(random() * 3);
  const parts: string[] = [];
  for (let clause = 0; clause < clauses; clause++) {
    let text = '';
    const length = 6 + Math.floor(random() * 14);
    for (let at = 0; at < length; at++) text += CHARACTERS[Math.floor(random() * CHARACTERS.length)];
    if (random() < 0.15) text += `${Math.floor(random() * 90) + 10}个月`;
    if (random() < 0.1) text = `《${text.slice(0, 6)}条例》${text}`;
    parts.push(text);
  }
  return parts.join('，');
}

/** Two made-up documents of `count` units each: a third kept, a third reworded, a third new. */
export function warmUpUnits(count: number): { from: MeasureUnit[]; to: MeasureUnit[] } {
  // The same documents every start.
  const random = seededRandom(11);
  const unit = (side: string, at: number, text: string): MeasureUnit => ({
    index: at,
    paragraphId: `${side}-${Math.floor(at / 3)}`,
    ordinal: Math.floor(at / 3),
    text,
    kind: at % 17 === 0 ? 'heading' : 'measure',
    agencies: random() < 0.3 ? [AGENCIES[Math.floor(random() * AGENCIES.length)] as string] : [],
  });
  const from: MeasureUnit[] = [];
  const to: MeasureUnit[] = [];
  for (let at = 0; at < count; at++) {
    const text = sentence(random);
    from.push(unit('a', at, text));
    const fate = at % 3;
    const later =
      fate === 0
        ? text
        : fate === 1
          ? `${text.slice(0, text.length - 4)}${sentence(random).slice(0, 6)}`
          : sentence(random);
    to.push(unit('b', at, later));
  }
  return { from, to };
}

/** The made-up documents' metadata: the comparison only passes it through. */
const DOCUMENT = { id: 'warm-up', title: '' } as DocumentMeta;

/** Runs the made-up comparison (from stored-style scans, then from the texts); returns its wall time, ms. */
export function warmUpComparison(count = 800): number {
  const started = performance.now();
  const { from, to } = warmUpUnits(count);
  const options: CompareOptions = {
    thresholds: LINEAGE.thresholds,
    weights: LINEAGE.score,
    limits: LINEAGE.candidates,
  };
  const scanner = new UnitScanner();
  const side = (units: MeasureUnit[], scan: boolean) => ({
    document: DOCUMENT,
    paragraphs: [],
    units,
    ...(scan ? { scan: decodeScanRecord(scanner.encode(units), units.length) } : {}),
  });
  for (const scan of [true, false]) {
    const aligned = alignDocuments(side(from, scan), side(to, scan), options);
    describeComparison({ from: DOCUMENT, to: DOCUMENT }, aligned, options, started);
  }
  return performance.now() - started;
}
