/** Writes small Word files for the ingestion tests with the `docx` package: headings, prose and a table. */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

/** One block of a Word body: a heading, a paragraph, or a table given as rows of cells (each cell its paragraphs). */
export type DocxBlock = { heading: string; level: 1 | 2 } | { paragraph: string } | { table: string[][][] };

/** A .docx file of the given blocks. */
export async function makeDocx(blocks: DocxBlock[]): Promise<Uint8Array> {
  const children = blocks.map((block) => {
    if ('heading' in block) {
      return new Paragraph({
        text: block.heading,
        heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
      });
    }
    if ('paragraph' in block) return new Paragraph({ text: block.paragraph });
    return new Table({
      rows: block.table.map(
        (cells) =>
          new TableRow({
            children: cells.map(
              (pieces) => new TableCell({ children: pieces.map((piece) => new Paragraph({ text: piece })) }),
            ),
          }),
      ),
    });
  });
  const document = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(document));
}
