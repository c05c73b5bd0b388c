import { describe, expect, it } from 'vitest';
import { escapeHtml, findHighlights, makeSnippet } from '../../src/keyword/snippet.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that open markup or attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('findHighlights', () => {
  it.each<[string, string[], [number, number][]]>([
    ['推进知识产权质押融资', ['质押融资'], [[6, 10]]],
    ['推进知识产权、质押融资', ['产权质押'], [[4, 9]]],
    [
      'PCT申请与pct检索',
      ['pct'],
      [
        [0, 3],
        [6, 9],
      ],
    ],
    ['知识产权质押', ['知识产权', '产权质押'], [[0, 6]]],
    ['没有匹配', ['专利'], []],
    ['ＰＣＴ申请', ['ｐｃｔ'], [[0, 3]]],
    ['Ab办事处', ['aB'], [[0, 2]]],
    ['𠀀知识产权', ['知识'], [[2, 4]]],
    ['aaaa', ['aaa'], [[0, 3]]],
    // More matches than the sort buffer first holds.
    ['a'.repeat(600), ['a'], [[0, 600]]],
    ['质押、融资', ['、', '质押——融资'], [[0, 5]]],
  ])('marks %s for %j at %j', (text, terms, expected) => {
    expect(findHighlights(text, terms)).toEqual(expected);
  });

  /** The first implementation: the compacted text built as a string and searched with indexOf. */
  function highlightsByString(text: string, terms: string[]): [number, number][] {
    const positions: number[] = [];
    let compact = '';
    for (let i = 0; i < text.length; i++) {
      const char = text[i] as string;
      if (!/[\p{L}\p{N}]/u.test(char)) continue;
      const lower = char.toLowerCase();
      for (let unit = 0; unit < lower.length; unit++) positions.push(i);
      compact += lower;
    }
    const ranges: [number, number][] = [];
    for (const term of terms) {
      const needle = term.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      if (needle === '') continue;
      for (
        let from = compact.indexOf(needle);
        from !== -1;
        from = compact.indexOf(needle, from + needle.length)
      ) {
        ranges.push([positions[from] as number, (positions[from + needle.length - 1] as number) + 1]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    return merged;
  }

  it('finds what the string-built compaction found, on texts of every kind of character and length', () => {
    // A fixed pseudo-random sequence (no flaky seeds): texts of CJK, punctuation, both cases of
    // Latin, full-width letters, İ, a surrogate pair, up to 3,000 units (past the kept buffers).
    const alphabet = [...'知识产权、，。aAbＰｐİi1 𠀀\n'];
    let state = 12345;
    const next = (below: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % below;
    };
    const pick = (length: number) => Array.from({ length }, () => alphabet[next(alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const text = pick(round % 50 === 0 ? 3_000 : 1 + next(60));
      const terms = Array.from({ length: 1 + next(3) }, () => pick(1 + next(4)));
      expect(findHighlights(text, terms), `${JSON.stringify(text)} ${JSON.stringify(terms)}`).toEqual(
        highlightsByString(text, terms),
      );
    }
  });
});

describe('makeSnippet', () => {
  it('wraps every matched term in <mark> and returns offsets into the text', () => {
    const { snippet, highlights } = makeSnippet('推进知识产权质押融资，扩大融资规模。', ['质押融资', '融资']);
    expect(snippet).toBe('推进知识产权<mark>质押融资</mark>，扩大<mark>融资</mark>规模。');
    expect(highlights).toEqual([
      [6, 10],
      [13, 15],
    ]);
  });

  it('escapes markup from the document, inside and outside the marks', () => {
    const { snippet } = makeSnippet('打击<script>alert("恶意")</script>注册', ['恶意']);
    expect(snippet).toBe('打击&lt;script&gt;alert(&quot;<mark>恶意</mark>&quot;)&lt;/script&gt;注册');
    expect(snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it('shows about 120 characters around the best match in a long paragraph, cut at a clause boundary', () => {
    const filler = '加强知识产权保护工作。'.repeat(30);
    const text = `${filler}推进知识产权质押融资，扩大规模。${filler}`;
    const { snippet, highlights } = makeSnippet(text, ['质押融资']);
    const plain = snippet.replace(/<\/?mark>/g, '');
    expect(plain.length).toBeLessThanOrEqual(150);
    expect(plain.length).toBeGreaterThanOrEqual(80);
    expect(snippet).toContain('<mark>质押融资</mark>');
    expect(plain.startsWith('…')).toBe(true);
    expect(plain.replace(/^…/, '').startsWith('加强')).toBe(true);
    expect(text.slice(...(highlights[0] as [number, number]))).toBe('质押融资');
  });

  it('centres on the whole phrase rather than on a crowd of its parts', () => {
    const parts = '完善知识产权转化机制，健全知识产权评估，做好知识产权运营。'.repeat(4);
    const text = `${parts}${'推动建立健全相关制度。'.repeat(8)}扩大知识产权质押融资规模。`;
    const { snippet } = makeSnippet(text, ['知识产权质押融资', '知识产权', '质押融资']);
    expect(snippet).toContain('<mark>知识产权质押融资</mark>');
  });

  it('shows the opening of the paragraph when nothing matched', () => {
    const text = '一'.repeat(300);
    expect(makeSnippet(text, ['专利']).snippet.startsWith('一一一')).toBe(true);
  });
});
