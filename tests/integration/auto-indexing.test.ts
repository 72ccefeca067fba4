// Auto-indexing on a real page recognized by the real OCR: imported, recognized and indexed with no call
// from the test beyond the import; proposals kept with the real words they came from; a person's
// values kept through a later reading of the page.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FIELDS, editableFields, EMPTY_METADATA } from '../../main/contract/archival-fields';
import { proposeMetadata } from '../../main/recognition/metadata-proposal';
import { readTextProposalEvidence } from '../../main/recognition/text-proposal-evidence';
import { Workstation } from '../../main/services/workstation';
import { REAL_PAGES_DIR, tempDir } from '../support/temp-dir';

const clerk = { userId: null, name: 'cli:lan.pt', user: null };
let work: { dir: string; remove: () => void };
let station: Workstation;
let dossierId: number;

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

beforeAll(async () => {
  work = tempDir('sohoa-auto-index-');
  const scan = path.join(work.dir, 'qd-729');
  mkdirSync(scan);
  copyFileSync(path.join(REAL_PAGES_DIR, 'real_qd_729_ttg_p1.png'), path.join(scan, 'trang-1.png'));
  station = await Workstation.open({ dataDir: path.join(work.dir, 'data'), outboxDir: path.join(work.dir, 'outbox'), ocrWorkers: 1, scanners: [] });
  dossierId = station.records.createDossier(station.records.createBatch('Lô thử', null).id, 'H49.64.33.2026.21', 'Hồ sơ thử').id;
  station.jobControl.startImport(clerk, dossierId, [scan]);
  await station.jobs.idle();
}, 300_000);

afterAll(async () => {
  await station.close();
  work.remove();
});

describe('auto-indexing after the real OCR', () => {
  it('indexed the document once its page was recognized, with nothing asked', () => {
    const [document] = station.records.listDocuments(dossierId);
    expect(station.jobs.list().map((job) => [job.kind, job.state])).toEqual([
      ['ocr', 'done'],
      ['import', 'done'],
    ]);
    expect(document!.state).toBe('indexed');
    expect(document!.metadata).toMatchObject({ typeName: 'Quyết định', issuedDate: '2026-04-23', place: 'Hà Nội', organName: 'THỦ TƯỚNG CHÍNH PHỦ' });
    const rows = station.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'document.auto-index'").all() as Array<{ actor: string; detail: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe('cli:lan.pt');
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ kept: [], reader: 'nd30-layout', changes: expect.arrayContaining([{ field: 'place', old: null, new: 'Hà Nội' }]) });
  });

  it('kept each proposal with the recognized words that spell it and the least confidence among them', () => {
    const [document] = station.records.listDocuments(dossierId);
    const [page] = station.records.listPages(dossierId);
    const words = station.records.words(page!.id);
    const { proposals, origins } = station.indexing.view(document!.id);
    expect(Object.keys(proposals).length).toBeGreaterThanOrEqual(4);
    for (const [field, proposal] of Object.entries(proposals)) {
      expect(origins[field as keyof typeof origins]).toMatchObject({ origin: 'proposal' });
      expect(document!.metadata[field as keyof typeof origins]).toBe(proposal.value);
      if (field === 'issuedDate') continue;
      expect(proposal.words.length, field).toBeGreaterThan(0);
      const spelled = proposal.words.map((ref) => words[ref.index]!);
      expect(fold(spelled.map((w) => w.text).join('')), field).toContain(fold(proposal.value));
      expect(proposal.confidence).toBe(Math.min(...spelled.map((w) => w.confidence)));
      expect(proposal.words.every((ref) => ref.pageId === page!.id)).toBe(true);
    }
    // The date is found by its printed spelling: `ngày 23 tháng 4 năm 2026`.
    expect(fold(proposals.issuedDate!.words.map((ref) => words[ref.index]!.text).join(''))).toContain('ngay23thang4nam2026');
  });

  it('reads from the real words every field proposeMetadata reads from the page’s text, a paragraph no shorter', () => {
    const [document] = station.records.listDocuments(dossierId);
    const reading = readTextProposalEvidence(station.indexing.layoutPages(document!.id));
    const fromText = proposeMetadata(station.records.documentText(document!.id));
    for (const { key } of editableFields(DOCUMENT_FIELDS)) {
      // A field's default (the language) is not read from the page.
      if (fromText[key] === null || JSON.stringify(fromText[key]) === JSON.stringify(EMPTY_METADATA[key])) continue;
      // The text's blank lines are the engine's paragraphs; the words' are their gaps, which may join an
      // abstract the engine cut in two (here "… Chủ tịch" / "Ủy ban nhân dân thành phố Đà Nẵng …").
      expect(reading.proposals[key]?.value.startsWith(String(fromText[key])), key).toBe(true);
    }
    expect(reading.proposals.subject?.value).toMatch(/^Phê chuẩn kết quả bầu chức vụ Chủ tịch \S+ ban nhân dân thành phố Đà Nẵng/);
  });

  it('keeps a person’s values, an emptied one too, when the page is read again and the document indexed again', async () => {
    const [document] = station.records.listDocuments(dossierId);
    const before = document!.metadata;
    station.archive.updateMetadata(clerk, document!.id, { ...before, place: null, subject: 'Phê chuẩn kết quả bầu Chủ tịch UBND TP Đà Nẵng' });
    expect(station.indexing.view(document!.id).origins).toMatchObject({ place: { origin: 'person', setBy: 'cli:lan.pt' }, subject: { origin: 'person' }, typeName: { origin: 'proposal' } });
    // A new reading of the page, stored as recognition stores one, and the dossier's OCR job run again.
    const [page] = station.records.listPages(dossierId);
    const words = station.records.words(page!.id);
    station.records.saveRecognition(page!.id, { text: station.records.pageText(page!.id), confidence: page!.confidence ?? 0, words });
    station.jobControl.startRecognition(clerk, dossierId);
    await station.jobs.idle();
    const after = station.records.document(document!.id);
    expect(after.metadata).toMatchObject({ place: null, subject: 'Phê chuẩn kết quả bầu Chủ tịch UBND TP Đà Nẵng', typeName: 'Quyết định', organName: 'THỦ TƯỚNG CHÍNH PHỦ' });
    const rows = station.db.prepare("SELECT detail FROM audit_log WHERE action = 'document.auto-index' ORDER BY id").pluck().all() as string[];
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[1]!).kept).toEqual(expect.arrayContaining(['place', 'subject']));
  });
});
