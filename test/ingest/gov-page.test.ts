import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGovPage } from '../../src/ingest/gov-page.ts';
import { ingestFile, isSkipped } from '../../src/ingest/ingest-file.ts';
import type { IngestedDocument } from '../../src/types.ts';

const PAGE = readFileSync(new URL('../fixtures/ingest/gov-cn-policy.html', import.meta.url));

describe('readGovPage', () => {
  it('takes metadata from the 发文字号/成文日期 table before the <meta> tags', () => {
    expect(readGovPage(PAGE.toString('utf8')).meta).toEqual({
      title: '国务院办公厅关于印发知识产权保护和运用规划的通知',
      issuer: '国务院办公厅',
      number: '国办发〔2021〕40号',
      signed: '2021-10-09',
      published: '2021-10-28',
    });
  });

  it('falls back to <meta> tags when the page has no table', () => {
    const html =
      '<html><head><meta name="ArticleTitle" content="某某办法"><meta name="PubDate" content="2022-3-5 10:00"></head><body><p>正文。</p></body></html>';
    expect(readGovPage(html).meta).toEqual({ title: '某某办法', published: '2022-03-05' });
  });

  it('keeps the article container and drops the page around it', () => {
    const { html } = readGovPage(PAGE.toString('utf8'));
    expect(html).toContain('健全知识产权侵权惩罚性赔偿制度');
    for (const chrome of ['首页', '分享到', '相关链接', 'ICP备', '责任编辑', '索', '统计代码']) {
      expect(html).not.toContain(chrome);
    }
  });
});

describe('ingestFile on a saved gov.cn page', () => {
  const result = ingestFile({ source: 'gov.cn/policy.htm', bytes: PAGE });

  it('gives the document the page metadata', () => {
    expect(isSkipped(result)).toBe(false);
    expect((result as IngestedDocument).meta).toMatchObject({
      title: '国务院办公厅关于印发知识产权保护和运用规划的通知',
      year: 2021,
      issuer: '国务院办公厅',
      number: '国办发〔2021〕40号',
      signed: '2021-10-09',
      published: '2021-10-28',
    });
  });

  it('indexes the article with its sections and agencies, and no site chrome', () => {
    const { paragraphs } = result as IngestedDocument;
    const texts = paragraphs.map((paragraph) => paragraph.text).join('\n');
    for (const chrome of [
      '首页',
      '字体',
      '打印',
      '分享',
      '相关链接',
      '版权所有',
      'ICP备',
      '责任编辑',
      '主题分类',
    ]) {
      expect(texts).not.toContain(chrome);
    }
    const task = paragraphs.find((paragraph) => paragraph.text.startsWith('（二）促进知识产权转化运用'));
    expect(task?.section).toEqual(['知识产权保护和运用规划', '二、重点任务', '（二）促进知识产权转化运用']);
    expect(task?.agencies).toEqual(['国家知识产权局', '银保监会']);
  });

  it('lets a sidecar override the page metadata', () => {
    const withSidecar = ingestFile({
      source: 'policy.html',
      bytes: PAGE,
      sidecar: { number: '国办发〔2021〕41号' },
    });
    expect((withSidecar as IngestedDocument).meta.number).toBe('国办发〔2021〕41号');
  });
});
