import { describe, expect, it } from 'vitest';
import { bracketAgencies, departmentAgencies, paragraphAgencies } from '../../src/ingest/agencies.ts';

describe('bracketAgencies', () => {
  it.each([
    ['推进修订。（市场监管总局、农业农村部、知识产权局负责）', ['市场监管总局', '农业农村部', '知识产权局']],
    ['甲。（战略规划司负责）乙。（公共服务司负责）', ['战略规划司', '公共服务司']],
    ['（战略规划司、保护司、专利局审业部等按职责分工负责）', ['战略规划司', '保护司', '专利局审业部']],
    ['开展试点。(各地方知识产权局负责)', ['各地方知识产权局']],
    ['专利审查高速路（PPH）合作网络。', []],
  ])('reads %s', (text, names) => {
    expect(bracketAgencies(text)).toEqual(names);
  });
});

describe('departmentAgencies', () => {
  it.each([
    ['局内：保护司；省份：各类省份必做', ['保护司']],
    ['局内：条法司、国际合作司、专利局审业部', ['条法司', '国际合作司', '专利局审业部']],
    ['省份：各类省份必做', []],
    ['教育部、科技部', ['教育部', '科技部']],
  ])('reads %s, leaving out which provinces must act', (cell, names) => {
    expect(departmentAgencies(cell)).toEqual(names);
  });
});

describe('paragraphAgencies', () => {
  it('combines brackets and the 执行部门 field without repeats', () => {
    expect(paragraphAgencies('甲。（保护司、办公室负责）', { 执行部门: '局内：保护司、人事司' })).toEqual([
      '保护司',
      '办公室',
      '人事司',
    ]);
  });
});
