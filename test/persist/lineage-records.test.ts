/**
 * The lineage records of a build (`lineage/directory.json`, `lineage/records.bin`): written and read
 * back whole, refused with a clear message when damaged, cut short or of another version (the
 * caller then computes), absent without a word in a build made before them, and copied record by
 * record by an incremental build for the documents that did not change. The scans of large
 * documents' units: stored from a size on, compared from as from the texts, and a build without
 * them (or with damaged ones) computes as before, saying once why.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alignDocuments } from '../../src/lineage/compare.ts';
import { createLineageService } from '../../src/lineage/lineage-service.ts';
import {
  decodeAlignmentRecord,
  encodeAlignmentRecord,
  LineageRecordError,
} from '../../src/lineage/records.ts';
import {
  comparisonOptionsKey,
  DEFAULT_COMPARISON,
  seriesPairs,
} from '../../src/lineage/series-alignments.ts';
import { measureUnits } from '../../src/lineage/units.ts';
import { BUILD_FILES } from '../../src/persist/build-folder.ts';
import { fileChecksum } from '../../src/persist/file-checksum.ts';
import {
  documentContentKey,
  LINEAGE_RECORD_FILES,
  LINEAGE_RECORD_VERSION,
  LINEAGE_SCAN_VERSION,
  lineageRecordFiles,
  readPreviousLineageRecords,
  storedLineage,
} from '../../src/persist/lineage-records.ts';
import type { LoadedIndex } from '../../src/persist/loaded-index.ts';
import type { Corpus, DocumentMeta, Paragraph } from '../../src/types.ts';
import { seedIndex } from '../helpers/seed-index.ts';

let corpus: Corpus;
let seeds: LoadedIndex;
let buildDir: string;

beforeAll(async () => {
  seeds = await seedIndex();
  corpus = seeds.corpus;
}, 120_000);

beforeEach(async () => {
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'lineage-records-'));
});

afterEach(async () => {
  await rm(buildDir, { recursive: true, force: true });
});

/** Writes the records of `of` into the test's build folder with their checksums, as a build would. */
async function writeRecords(
  of: Corpus,
  previous = readPreviousLineageRecords(buildDir),
  options: { scanMinUnits?: number } = {},
): Promise<void> {
  const checksums: Record<string, ReturnType<typeof fileChecksum>> = {};
  for (const [name, data] of lineageRecordFiles(of, previous, options)) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.concat(data);
    await mkdir(path.dirname(path.join(buildDir, name)), { recursive: true });
    await writeFile(path.join(buildDir, name), bytes);
    checksums[name] = fileChecksum(bytes);
  }
  await writeFile(path.join(buildDir, BUILD_FILES.checksums), JSON.stringify(checksums));
}

const paragraphsOf = (of: Corpus, docId: string) =>
  of.paragraphs.filter((paragraph) => paragraph.docId === docId);

/** The stored records of the test's build folder, with the warnings they gave. */
function openStored(): { stored: ReturnType<typeof storedLineage>; warnings: string[] } {
  const warnings: string[] = [];
  return { stored: storedLineage(buildDir, (message) => warnings.push(message)), warnings };
}

describe('lineage records', () => {
  it('give back every document’s units and every series comparison as computed from the paragraphs', async () => {
    await writeRecords(corpus, null);
    const { stored, warnings } = openStored();
    for (const document of corpus.documents)
      expect(stored.unitsOf(document.id)).toEqual(measureUnits(paragraphsOf(corpus, document.id)));
    const pairs = seriesPairs(corpus.documents).flat();
    expect(pairs.length).toBeGreaterThanOrEqual(2);
    const key = comparisonOptionsKey(DEFAULT_COMPARISON);
    for (const { from, to } of pairs) {
      const side = (docId: string) => {
        const paragraphs = paragraphsOf(corpus, docId);
        return { paragraphs, units: measureUnits(paragraphs) };
      };
      const a = side(from.id);
      const b = side(to.id);
      const expected = alignDocuments({ document: from, ...a }, { document: to, ...b }, DEFAULT_COMPARISON);
      const counts = { from: a.units.length, to: b.units.length };
      expect(stored.alignmentOf(from.id, to.id, key, counts)).toEqual(expected.alignment);
      // Other options (a calibration sweep) are not served the stored alignment.
      expect(stored.alignmentOf(from.id, to.id, 'other-options', counts)).toBeNull();
    }
    expect(warnings).toEqual([]);
  });

  it('are absent, without a word, from a build made before them', async () => {
    await writeFile(path.join(buildDir, BUILD_FILES.checksums), JSON.stringify({}));
    const { stored, warnings } = openStored();
    expect(stored.unitsOf(corpus.documents[0]?.id as string)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it.each([
    {
      damage: 'a record whose bytes changed',
      act: async () => {
        const directory = JSON.parse(
          await readFile(path.join(buildDir, LINEAGE_RECORD_FILES.directory), 'utf8'),
        );
        const [offset] = directory.units[(corpus.documents[0] as DocumentMeta).id];
        const file = path.join(buildDir, LINEAGE_RECORD_FILES.records);
        const bytes = await readFile(file);
        bytes[offset + 3] = (bytes[offset + 3] as number) ^ 0xff;
        await writeFile(file, bytes);
      },
      message: 'does not match its checksum',
      firstOnly: true,
    },
    {
      damage: 'a records file cut short',
      act: async () => {
        const file = path.join(buildDir, LINEAGE_RECORD_FILES.records);
        const bytes = await readFile(file);
        await writeFile(file, bytes.subarray(0, bytes.length - 10));
      },
      message: 'were written (cut short or replaced)',
      firstOnly: false,
    },
    {
      damage: 'records of another version',
      act: async () => {
        const file = path.join(buildDir, LINEAGE_RECORD_FILES.directory);
        const directory = JSON.parse(await readFile(file, 'utf8'));
        const bytes = Buffer.from(JSON.stringify({ ...directory, version: LINEAGE_RECORD_VERSION + 1 }));
        await writeFile(file, bytes);
        const checksums = JSON.parse(await readFile(path.join(buildDir, BUILD_FILES.checksums), 'utf8'));
        checksums[LINEAGE_RECORD_FILES.directory] = fileChecksum(bytes);
        await writeFile(path.join(buildDir, BUILD_FILES.checksums), JSON.stringify(checksums));
      },
      message: `this code reads version ${LINEAGE_RECORD_VERSION}`,
      firstOnly: false,
    },
  ])(
    'refuse $damage with a message naming the rebuild, and give nothing to serve from it',
    async ({ act, message, firstOnly }) => {
      await writeRecords(corpus, null);
      await act();
      const { stored, warnings } = openStored();
      const [first, second] = corpus.documents;
      expect(stored.unitsOf(first?.id as string)).toBeNull();
      // Asked again: refused again without a second warning.
      expect(stored.unitsOf(first?.id as string)).toBeNull();
      const other = stored.unitsOf(second?.id as string);
      if (firstOnly) expect(other).toEqual(measureUnits(paragraphsOf(corpus, second?.id as string)));
      else expect(other).toBeNull();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(message);
      expect(warnings[0]).toContain('npm run index');
    },
  );

  it('store the scans of documents of at least the given size, and compare from them as from the texts', async () => {
    const sizes = corpus.documents.map((document) => measureUnits(paragraphsOf(corpus, document.id)).length);
    const cut = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)] as number;
    await writeRecords(corpus, null, { scanMinUnits: cut });
    const { stored, warnings } = openStored();
    corpus.documents.forEach((document, at) => {
      const count = sizes[at] as number;
      expect(stored.scanOf?.(document.id, count) !== null).toBe(count >= cut);
    });
    // Every ordered pair of seed documents, computed by a service (not read from the alignments).
    const fromScans = createLineageService({
      ...seeds,
      storedLineage: { ...stored, alignmentOf: () => null },
    });
    const fromTexts = createLineageService({ ...seeds, storedLineage: undefined });
    const withoutTime = (answer: unknown) => ({ ...(answer as object), tookMs: 0 });
    for (const from of corpus.documents)
      for (const to of corpus.documents)
        if (from !== to)
          expect(withoutTime(fromScans.compare(from.id, to.id))).toEqual(
            withoutTime(fromTexts.compare(from.id, to.id)),
          );
    expect(warnings).toEqual([]);
  });

  it('store no scan of a document below the size, without a word', async () => {
    await writeRecords(corpus, null);
    const { stored, warnings } = openStored();
    const [first] = corpus.documents as DocumentMeta[];
    const count = measureUnits(paragraphsOf(corpus, (first as DocumentMeta).id)).length;
    expect(count).toBeLessThan(400);
    expect(stored.scanOf?.((first as DocumentMeta).id, count)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it.each([
    {
      made: 'before scans were stored',
      change: { scans: undefined, scanVersion: undefined },
      message: 'stores no unit scans',
    },
    {
      made: 'with scans of another version',
      change: { scanVersion: LINEAGE_SCAN_VERSION + 1 },
      message: `this code reads version ${LINEAGE_SCAN_VERSION}`,
    },
  ])('read no scan from a build made $made, and say once why', async ({ change, message }) => {
    await writeRecords(corpus, null, { scanMinUnits: 0 });
    const file = path.join(buildDir, LINEAGE_RECORD_FILES.directory);
    const directory = JSON.parse(await readFile(file, 'utf8'));
    const bytes = Buffer.from(JSON.stringify({ ...directory, ...change }));
    await writeFile(file, bytes);
    const checksums = JSON.parse(await readFile(path.join(buildDir, BUILD_FILES.checksums), 'utf8'));
    checksums[LINEAGE_RECORD_FILES.directory] = fileChecksum(bytes);
    await writeFile(path.join(buildDir, BUILD_FILES.checksums), JSON.stringify(checksums));
    const { stored, warnings } = openStored();
    const [first, second] = corpus.documents as DocumentMeta[];
    const unitsOfFirst = stored.unitsOf((first as DocumentMeta).id);
    expect(unitsOfFirst).toEqual(measureUnits(paragraphsOf(corpus, (first as DocumentMeta).id)));
    expect(stored.scanOf?.((first as DocumentMeta).id, unitsOfFirst?.length ?? 0)).toBeNull();
    expect(stored.scanOf?.((second as DocumentMeta).id, 1)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(message);
    expect(warnings[0]).toContain('npm run index');
  });

  it('refuse a damaged scan, and scan that document instead', async () => {
    await writeRecords(corpus, null, { scanMinUnits: 0 });
    const directory = JSON.parse(await readFile(path.join(buildDir, LINEAGE_RECORD_FILES.directory), 'utf8'));
    const [first, second] = corpus.documents as DocumentMeta[];
    const [offset] = directory.scans[(first as DocumentMeta).id];
    const file = path.join(buildDir, LINEAGE_RECORD_FILES.records);
    const bytes = await readFile(file);
    bytes[offset + 9] = (bytes[offset + 9] as number) ^ 0xff;
    await writeFile(file, bytes);
    const { stored, warnings } = openStored();
    const count = (id: string) => measureUnits(paragraphsOf(corpus, id)).length;
    expect(stored.scanOf?.((first as DocumentMeta).id, count((first as DocumentMeta).id))).toBeNull();
    expect(stored.scanOf?.((second as DocumentMeta).id, count((second as DocumentMeta).id))).not.toBeNull();
    // A scan of another unit count than the document's is refused too.
    expect(stored.scanOf?.((second as DocumentMeta).id, count((second as DocumentMeta).id) + 1)).toBeNull();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('does not match its checksum');
    expect(warnings[1]).toContain('cannot be read');
  });

  it('give nothing, without throwing, once their build is gone (retired by a live reload)', async () => {
    await writeRecords(corpus, null);
    const { stored, warnings } = openStored();
    const [first, second] = corpus.documents as DocumentMeta[];
    expect(stored.unitsOf((first as DocumentMeta).id)).not.toBeNull();
    await rm(path.join(buildDir, LINEAGE_RECORD_FILES.records));
    expect(stored.unitsOf((second as DocumentMeta).id)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cannot be read');
  });

  it('are copied for unchanged documents by an incremental build and made again for a changed one', async () => {
    await writeRecords(corpus, null);
    const previous = readPreviousLineageRecords(buildDir);
    expect(previous).not.toBeNull();
    const changedId = corpus.documents[0]?.id as string;
    const changed: Corpus = {
      documents: corpus.documents,
      paragraphs: corpus.paragraphs.map(
        (paragraph): Paragraph =>
          paragraph.docId === changedId && paragraph.ordinal === 1
            ? { ...paragraph, text: `${paragraph.text}并加强知识产权质押融资服务。` }
            : paragraph,
      ),
    };
    const recordOf = (files: ReturnType<typeof lineageRecordFiles>, docId: string) => {
      const directory = JSON.parse(files[0]?.[1] as string);
      const [offset, bytes] = directory.units[docId];
      return Buffer.concat(files[1]?.[1] as Uint8Array[]).subarray(offset, offset + bytes);
    };
    const incremental = lineageRecordFiles(changed, previous);
    const fresh = lineageRecordFiles(changed, null);
    const before = lineageRecordFiles(corpus, null);
    for (const document of corpus.documents) {
      expect(recordOf(incremental, document.id)).toEqual(recordOf(fresh, document.id));
      if (document.id !== changedId)
        expect(recordOf(incremental, document.id)).toEqual(recordOf(before, document.id));
    }
    expect(recordOf(incremental, changedId)).not.toEqual(recordOf(before, changedId));
    expect(incremental[0]?.[1]).toEqual(fresh[0]?.[1]);
  });

  it('copy a unit record whose document is unchanged, but no alignment made with other options', () => {
    const [first] = corpus.documents as DocumentMeta[];
    const docId = (first as DocumentMeta).id;
    const [pair] = seriesPairs(corpus.documents).flat();
    const pairKey = `${pair?.from.id}|${pair?.to.id}`;
    const content = documentContentKey(paragraphsOf(corpus, docId));
    const pairContents = [pair?.from.id, pair?.to.id].map((id) =>
      documentContentKey(paragraphsOf(corpus, id as string)),
    );
    // Marker bytes no encoder makes: found in the output only if copied.
    const marker = Uint8Array.of(1, 2, 3, 4);
    const previous = {
      directory: {
        version: LINEAGE_RECORD_VERSION,
        options: 'other-options',
        units: { [docId]: [0, 4, 'c', content] as [number, number, string, string] },
        alignments: { [pairKey]: [0, 4, 'c', ...pairContents] as [number, number, string, ...string[]] },
      },
      records: marker,
    };
    const files = lineageRecordFiles(corpus, previous);
    const directory = JSON.parse(files[0]?.[1] as string);
    const records = Buffer.concat(files[1]?.[1] as Uint8Array[]);
    const [offset, bytes] = directory.units[docId];
    expect([...records.subarray(offset, offset + bytes)]).toEqual([1, 2, 3, 4]);
    const [alignmentOffset, alignmentBytes] = directory.alignments[pairKey];
    expect(alignmentBytes).toBeGreaterThan(4);
    expect([...records.subarray(alignmentOffset, alignmentOffset + 4)]).not.toEqual([1, 2, 3, 4]);
  });

  it('refuse an alignment whose unit indexes do not fit the two documents', () => {
    const bytes = encodeAlignmentRecord({
      links: [
        {
          status: 'continued',
          from: [0],
          to: [3],
          score: 1,
          changes: { numbers: { removed: [], added: [] }, agenciesAdded: [], agenciesRemoved: [] },
        },
      ],
      onlyFrom: [],
      onlyTo: [],
    });
    expect(decodeAlignmentRecord(bytes, 1, 4).links).toHaveLength(1);
    expect(() => decodeAlignmentRecord(bytes, 1, 3)).toThrow(LineageRecordError);
    expect(() => decodeAlignmentRecord(bytes.subarray(0, 5), 1, 4)).toThrow(LineageRecordError);
  });
});
