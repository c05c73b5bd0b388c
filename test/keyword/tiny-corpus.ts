/** A hand-made corpus small enough to state every expected result, for the keyword tests. */
import { normalizeText } from '../../src/text/normalize.ts';
import type { Corpus, Paragraph } from '../../src/types.ts';
import { documentMeta } from '../helpers/document-meta.ts';

const rows: { docId: string; text: string; section?: string[]; agencies?: string[] }[] = [
  { docId: 'd2020', text: '推进知识产权质押融资，扩大融资规模。', agencies: ['银保监会'] },
  { docId: 'd2020', text: '加强知识产权保护，做好质押融资登记服务。', agencies: ['知识产权局'] },
  { docId: 'd2021', text: '开展数据知识产权登记试点。', agencies: ['知识产权局'] },
  { docId: 'd2021', text: '保障数据安全。加强知识产权保护。', agencies: ['网信办', '知识产权局'] },
  { docId: 'd2021', text: '打击商标<script>恶意注册</script>行为，规范PCT申请。' },
  { docId: 'd2023', text: '推进知识产权、质押融资工作。', section: ['质押融资'] },
  { docId: 'd2023', text: '推行专利开放许可制度，一窗通办。', agencies: ['知识产权局'] },
];

/** Seven paragraphs over three documents (2020, 2021, 2023). */
export function tinyCorpus(): Corpus {
  const paragraphs: Paragraph[] = rows.map((row, ordinal) => ({
    id: `p${ordinal}`,
    docId: row.docId,
    ordinal,
    section: row.section ?? [],
    text: normalizeText(row.text),
    original: row.text,
    agencies: row.agencies ?? [],
  }));
  const count = (id: string) => paragraphs.filter((paragraph) => paragraph.docId === id).length;
  return {
    documents: [
      documentMeta('d2020', { year: 2020, title: '2020年任务清单', paragraphCount: count('d2020') }),
      documentMeta('d2021', { year: 2021, title: '2021年工作要点', paragraphCount: count('d2021') }),
      documentMeta('d2023', { year: 2023, title: '2023年工作指引', paragraphCount: count('d2023') }),
    ],
    paragraphs,
  };
}
