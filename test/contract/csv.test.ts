import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/contract/csv.ts';

describe('csvCell', () => {
  it.each<[string | number | null, string]>([
    ['知识产权', '知识产权'],
    [12.5, '12.5'],
    [null, ''],
    ['a,b', '"a,b"'],
    ['他说"好"', '"他说""好"""'],
    ['两行\n文字', '"两行\n文字"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86', "'+86"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    [-1, '-1'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('toCsv', () => {
  it('starts with a BOM, ends every row with CRLF and quotes where needed', () => {
    expect(
      toCsv(
        ['id', 'text'],
        [
          ['p1', '一，二'],
          ['p2', 'a,b'],
        ],
      ),
    ).toBe('\uFEFFid,text\r\np1,一，二\r\np2,"a,b"\r\n');
  });
});
