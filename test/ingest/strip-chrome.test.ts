import { describe, expect, it } from 'vitest';
import { toSourceLines } from '../../src/ingest/source-line.ts';
import { stripChrome } from '../../src/ingest/strip-chrome.ts';

function strip(text: string): string[] {
  return stripChrome(toSourceLines(text)).map((line) => line.text);
}

describe('stripChrome', () => {
  it('removes a top menu, breadcrumbs, font size and share lines', () => {
    expect(
      strip(
        '首页\n机构\n新闻\n政务\n当前位置：首页>政务>通知\n关于印发某某办法的通知\n字号：大 中 小\n分享：\n各单位：现印发。',
      ),
    ).toEqual(['关于印发某某办法的通知', '各单位：现印发。']);
  });

  it('removes a site footer from its first footer marker to the end', () => {
    expect(
      strip(
        '正文第一段。\n附件：[清单.pdf](#)\n相关链接\n中国政府网\n联系我们 | 版权声明 | 关于局徽\n主办单位：某局\n京ICP备05069085号',
      ),
    ).toEqual(['正文第一段。']);
  });

  it('removes encyclopedia chrome: infobox, contents line and its entries, related entries', () => {
    expect(
      strip(
        '某某指引\n基本介紹\n  • 中文名:某某指引\n  • 發布單位:某局\n發布信息,內容全文,\n發布信息\n正文。\n內容全文\n正文二。\n相關詞條\n熱門詞條\n聯絡我們',
      ),
    ).toEqual(['某某指引', '正文。', '正文二。']);
  });

  it('keeps the short closing lines of a document that has no footer marker', () => {
    expect(
      strip('本法自2020年1月1日起施行。\n示例表\n1000元以下的部分40元\n国家知识产权局\n2021年3月3日'),
    ).toEqual([
      '本法自2020年1月1日起施行。',
      '示例表',
      '1000元以下的部分40元',
      '国家知识产权局',
      '2021年3月3日',
    ]);
  });

  it('never removes long or punctuated lines, whatever words they contain', () => {
    const text = '第十条 网站的主办单位应当在首页显著位置标明版权所有人和ICP备案编号，并提供联系我们的方式。';
    expect(strip(text)).toEqual([text.replace(' ', '')]);
  });

  it('keeps the words of a Markdown link inside real text and marks where chrome was removed', () => {
    const lines = stripChrome(toSourceLines('见[《专利法》](http://x)第二条的规定。\n附件\n附表一'));
    expect(lines.map((line) => [line.text, line.breakBefore ?? false])).toEqual([
      ['见《专利法》第二条的规定。', false],
      ['附表一', true],
    ]);
  });
});
