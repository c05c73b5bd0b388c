import { describe, expect, it } from 'vitest';
import { seededShuffle, uniqueOpening } from './pool-labels.ts';

describe('uniqueOpening', () => {
  it.each([
    [
      'a unique text gets its first 12 letters',
      '第一条为了保护专利权人的合法权益制定本法',
      ['第二条本法所称发明创造'],
      '第一条为了保护专利权人的',
    ],
    [
      'grows until no sibling shares the opening',
      '侵犯专利权的赔偿数额按照权利人因被侵权所受到的实际损失确定',
      ['侵犯专利权的赔偿数额按照侵权人因侵权所获得的利益确定'],
      '侵犯专利权的赔偿数额按照权利人因',
    ],
    [
      'a text that is a sibling’s prefix is kept whole',
      '国务院专利行政部门',
      ['国务院专利行政部门负责管理全国的专利工作'],
      '国务院专利行政部门',
    ],
  ])('%s', (_case, text, siblings, expected) => {
    expect(uniqueOpening(text, siblings)).toBe(expected);
  });
});

describe('seededShuffle', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);

  it('keeps every item and leaves its input alone', () => {
    const out = seededShuffle(items, 7);
    expect([...out].sort((a, b) => a - b)).toEqual(items);
    expect(items[0]).toBe(0);
  });

  it('gives the same order for a seed and another order for another seed', () => {
    expect(seededShuffle(items, 7)).toEqual(seededShuffle(items, 7));
    expect(seededShuffle(items, 7)).not.toEqual(seededShuffle(items, 8));
    expect(seededShuffle(items, 7)).not.toEqual(items);
  });
});
