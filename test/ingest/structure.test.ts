import { describe, expect, it } from 'vitest';
import { toSourceLines } from '../../src/ingest/source-line.ts';
import { structureLines } from '../../src/ingest/structure.ts';

function structure(text: string): [string[], string][] {
  return structureLines(toSourceLines(text)).map((block) => [block.section, block.text]);
}

describe('structureLines', () => {
  it('nests 一、 （一） 1. and gives each paragraph the headings above it', () => {
    expect(
      structure(
        '一、总体要求\n（一）指导思想。\n坚持系统观念。\n（二）主要目标\n1. 完成任务甲。\n2. 完成任务乙。\n二、工作要求\n加强领导。',
      ),
    ).toEqual([
      [['一、总体要求', '（一）指导思想'], '坚持系统观念。'],
      [['一、总体要求', '（二）主要目标'], '1.完成任务甲。'],
      [['一、总体要求', '（二）主要目标'], '2.完成任务乙。'],
      [['二、工作要求'], '加强领导。'],
    ]);
  });

  it('keeps a heading and its body on one line as one paragraph whose section includes that heading', () => {
    expect(
      structure('一、讲政治守纪律，持续深化全面从严治党。要坚持学习。\n二、开好局起好步。配合做好工作。'),
    ).toEqual([
      [['一、讲政治守纪律，持续深化全面从严治党'], '一、讲政治守纪律，持续深化全面从严治党。要坚持学习。'],
      [['二、开好局起好步'], '二、开好局起好步。配合做好工作。'],
    ]);
  });

  it('reads 一 with a space, (一) in ASCII and ——xx。 lead-ins as headings', () => {
    expect(structure('一 總體要求\n(一)主要目標。2023年底完成。\n——知識產權創造。審查質量提升。')).toEqual([
      [['一 总体要求', '（一）主要目标'], '（一）主要目标。2023年底完成。'],
      [['一 总体要求', '（一）主要目标', '——知识产权创造'], '——知识产权创造。审查质量提升。'],
    ]);
  });

  it('takes a short unnumbered line followed by numbered items as a heading', () => {
    expect(
      structure('导言写在这里。\n坚持质量导向，强化指标引领\n（一）发挥指标作用。充分发挥导向作用。'),
    ).toEqual([
      [[], '导言写在这里。'],
      [['坚持质量导向，强化指标引领', '（一）发挥指标作用'], '（一）发挥指标作用。充分发挥导向作用。'],
    ]);
  });

  it('makes numbered items that end in full stops, and list entries without any, paragraphs rather than headings', () => {
    expect(
      structure(
        '有下列情形之一的：\n（一）甲；\n（二）乙的。\n本条另有规定的除外。\n清单\n（一）火箭\n（二）导弹',
      ),
    ).toEqual([
      [[], '有下列情形之一的：'],
      [[], '（一）甲；'],
      [[], '（二）乙的。'],
      [[], '本条另有规定的除外。'],
      [['清单'], '（一）火箭'],
      [['清单'], '（二）导弹'],
    ]);
  });

  it('reads a short numbered sentence followed by a numbered paragraph of the same list as an item, not a heading', () => {
    expect(
      structure(
        '规程\n四、当事人要求查看照片的，应当提供。\n五、在高速公路查处超速违法行为，应当通过固定电子监控设备或者装有测速设备的制式警车进行流动测速。',
      ),
    ).toEqual([
      [['规程'], '四、当事人要求查看照片的，应当提供。'],
      [
        ['规程'],
        '五、在高速公路查处超速违法行为，应当通过固定电子监控设备或者装有测速设备的制式警车进行流动测速。',
      ],
    ]);
  });

  it('ends the last article at an attachment, which heads what follows', () => {
    expect(
      structure('第一章 附则\n第九条 本规范自公布之日起实施。\n附件1：查处操作规程\n一、应当配备装备。'),
    ).toEqual([
      [['第一章 附则'], '第九条 本规范自公布之日起实施。'],
      [['附件1：查处操作规程'], '一、应当配备装备。'],
    ]);
  });

  it('joins a sentence broken across lines, but not a signature from the text after it', () => {
    expect(
      structure(
        '继续推进《保护传\n统文化条约》工作。\n国家知识产权局\n2021年3月3日\n为深入贯彻落实，制定本指引。',
      ),
    ).toEqual([
      [[], '继续推进《保护传统文化条约》工作。'],
      [[], '国家知识产权局2021年3月3日'],
      [[], '为深入贯彻落实，制定本指引。'],
    ]);
  });

  it('keeps a law article with its clauses as one paragraph under its part, chapter and section', () => {
    expect(
      structure(
        '第一编 总则\n第一章 任务\n第一节 范围\n第一条 为了惩罚犯罪，制定本法。\n本法适用于全国。\n（一）甲；\n第二条 国家保护。\n第二章 附则\n第三条 本法自公布之日起施行。',
      ),
    ).toEqual([
      [
        ['第一编 总则', '第一章 任务', '第一节 范围'],
        '第一条 为了惩罚犯罪，制定本法。本法适用于全国。（一）甲；',
      ],
      [['第一编 总则', '第一章 任务', '第一节 范围'], '第二条 国家保护。'],
      [['第一编 总则', '第二章 附则'], '第三条 本法自公布之日起施行。'],
    ]);
  });

  it('does not take a sentence that starts with 第一条 but no space for an article', () => {
    expect(structure('第一条中规定的期限，适用本办法。')).toEqual([[[], '第一条中规定的期限，适用本办法。']]);
  });
});
