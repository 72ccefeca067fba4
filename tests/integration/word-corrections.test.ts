// Issue 14, item 3: words with provenance. A person's correction is kept beside what the engine read,
// counts in the page's text, its search index and its export, and survives a new reading of the page
// where the word is still there; a correction whose word has gone is reported and audited. A real
// Workstation on a real SQLite file and page store; the last test reads a generated page with real OCR.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { WordView } from '../../main/contract/domain';
import { newCaller } from '../../main/ipc/caller';
import { Dispatcher } from '../../main/ipc/dispatcher';
import { silentLogger } from '../../main/services/logger';
import type { Workstation } from '../../main/services/workstation';
import { textPage } from '../support/page-generator';
import { actor, importFolder, openStation } from '../support/store-station';
import { tempDir } from '../support/temp-dir';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function station(options: Parameters<typeof openStation>[1] = {}): Promise<{ station: Workstation; dir: string }> {
  const t = tempDir('sohoa-word-corrections-');
  cleanups.push(t.remove);
  const opened = await openStation(path.join(t.dir, 'data'), { scanners: [], ...options });
  cleanups.push(() => opened.close());
  return { station: opened, dir: t.dir };
}

const word = (text: string, x0: number, line: number, y0 = 10 + line * 40): WordView => ({ text, x0, y0, x1: x0 + 60, y1: y0 + 25, confidence: 70, line });

/** The engine's reading of a page: «Quyet dlnh» over «ve viec so hoa», a stamp's word set aside. */
const READING = {
  text: 'Quyet dlnh\n\nve viec so hoa',
  confidence: 70,
  words: [word('Quyet', 10, 0), word('dlnh', 80, 0), word('ve', 10, 1), word('viec', 80, 1), word('so', 150, 1), word('hoa', 220, 1), { ...word('DEN', 300, 2), aside: 'stamp' as const }],
};

async function recognizedPage(s: Workstation, dir: string) {
  // Wide enough for the words' boxes: the PDF's text layer lies on the page.
  const folder = path.join(dir, 'scan');
  mkdirSync(folder);
  await sharp({ create: { width: 420, height: 160, channels: 3, background: { r: 250, g: 248, b: 240 } } }).png().withMetadata({ density: 300 }).toFile(path.join(folder, 'trang-1.png'));
  const dossier = await importFolder(s, 'H49.64.33.2026.140', folder);
  const page = s.records.listPages(dossier.id)[0]!;
  expect(s.records.saveRecognition(page.id, READING)).toEqual({ droppedCorrections: [] });
  return { dossier, page, document: s.records.listDocuments(dossier.id)[0]! };
}

describe('a corrected word', () => {
  it("keeps the engine's reading beside the correction, with who and when, and an audit row with both texts", async () => {
    const { station: s, dir } = await station();
    const { page } = await recognizedPage(s, dir);
    const dispatcher = new Dispatcher(s, silentLogger());
    const reviewer = newCaller('t:reviewer');
    await dispatcher.dispatch(reviewer, 'auth:setup', { username: 'giamsat', fullName: 'Nguyễn Văn A', password: 'mat-khau-giam-sat' });

    const result = await dispatcher.dispatch(reviewer, 'word:correct', { pageId: page.id, index: 1, text: '  định ', seen: 'dlnh' });
    expect(result).toMatchObject({ ok: true, value: { text: 'định', engineText: 'dlnh', correctedBy: 'giamsat' } });
    const detail = s.records.pageDetail(page.id);
    expect(detail.words[1]).toMatchObject({ text: 'định', engineText: 'dlnh', correctedBy: 'giamsat', confidence: 70 });
    expect(Date.parse(detail.words[1]!.correctedAt!)).not.toBeNaN();
    // The other words carry no correction.
    expect(detail.words[0]).toEqual(READING.words[0]);
    expect(detail.text).toBe('Quyet định\n\nve viec so hoa');
    expect(s.audit.list(5).find((row) => row.action === 'word.correct')).toMatchObject({
      actor: 'giamsat',
      subject: `page:${page.id}`,
      detail: { word: 1, engineText: 'dlnh', before: 'dlnh', after: 'định' },
    });

    // Someone else saving the same text takes nothing over: who corrected it, and when, stay.
    s.corrections.correct(actor, page.id, 1, 'định');
    expect(s.records.words(page.id)[1]).toEqual(detail.words[1]);

    // Blank text is no word; a word the page does not have is refused.
    expect(await dispatcher.dispatch(reviewer, 'word:correct', { pageId: page.id, index: 1, text: '   ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatcher.dispatch(reviewer, 'word:correct', { pageId: page.id, index: 40, text: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Shown «ve» but the index now names another word (the page was read again meanwhile): nothing is saved.
    const conflict = await dispatcher.dispatch(reviewer, 'word:correct', { pageId: page.id, index: 3, text: 'về', seen: 've' });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(s.records.words(page.id)[3]).toEqual(READING.words[3]);

    // Corrected back to what the engine read: the correction is gone, the page's text is the engine's.
    s.corrections.correct(actor, page.id, 1, 'dlnh');
    expect(s.records.pageDetail(page.id).words[1]).toEqual(READING.words[1]);
    expect(s.records.pageText(page.id)).toBe(READING.text);
    expect(s.audit.list(1)[0]).toMatchObject({ action: 'word.correct', detail: { before: 'định', after: 'dlnh' } });
    // Saved again as it reads: no change, no audit row.
    const rows = s.audit.list(1000).length;
    s.corrections.correct(actor, page.id, 1, 'dlnh');
    expect(s.audit.list(1000)).toHaveLength(rows);
  });

  it('is what the page text, the search and the export show', async () => {
    const { station: s, dir } = await station();
    const { dossier, page, document } = await recognizedPage(s, dir);
    s.corrections.correct(actor, page.id, 1, 'định');
    s.corrections.correct(actor, page.id, 2, 'về');

    expect(s.records.documentText(document.id)).toBe('Quyet định\n\nvề viec so hoa');
    const found = s.search.search({ query: 'định', scope: { dossierId: dossier.id }, limit: 10, offset: 0 });
    expect(found.hits).toHaveLength(1);
    expect(found.hits[0]).toMatchObject({ pageId: page.id, exact: true, words: [{ index: 1, text: 'định' }] });
    // The engine's misreading is no longer in the page's text.
    expect(s.search.search({ query: 'dlnh', limit: 10, offset: 0 }).hits).toEqual([]);

    const outbox = path.join(dir, 'outbox-corrected');
    const exported = await s.exporter.exportDocument(document.id, outbox, 'H49.64.33.2026.140.1');
    const record = JSON.parse(readFileSync(exported.json, 'utf8')) as { pages: Array<{ text: string }> };
    expect(record.pages[0]!.text).toBe('Quyet định\n\nvề viec so hoa');
    const alto = readFileSync(exported.alto[0]!, 'utf8');
    expect(alto).toContain('CONTENT="định"');
    expect(alto).not.toContain('CONTENT="dlnh"');
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', exported.pdf, '-']).toString()).toContain('định');
  });

  it('survives a new reading where its word is still there; one whose word has gone is returned as dropped', async () => {
    const { station: s, dir } = await station();
    const { page } = await recognizedPage(s, dir);
    s.corrections.correct(actor, page.id, 1, 'định');
    s.corrections.correct(actor, page.id, 5, 'hóa');
    s.corrections.correct(actor, page.id, 6, 'ĐẾN');
    // The engine reads again: the first line a pixel off, «so hoa» now one word further right, the stamp gone.
    const again = {
      text: 'Quyet dinh\nve viec sohoa',
      confidence: 72,
      words: [word('Quyet', 11, 0, 11), word('dinh', 81, 0, 11), word('ve', 10, 1), word('viec', 80, 1), { ...word('sohoa', 150, 1), x1: 280 }],
    };
    const saved = s.records.saveRecognition(page.id, again);
    expect(saved!.droppedCorrections.map((c) => [c.engineText, c.correctedText, c.correctedBy])).toEqual([
      ['hoa', 'hóa', actor.name],
      ['DEN', 'ĐẾN', actor.name],
    ]);
    const words = s.records.words(page.id);
    expect(words[1]).toMatchObject({ text: 'định', engineText: 'dinh', correctedBy: actor.name });
    expect(words.filter((w) => w.correctedBy !== undefined)).toHaveLength(1);
    expect(s.records.pageText(page.id)).toBe('Quyet định\nve viec sohoa');
  });
});

describe('a page recognized again by the recognition job', () => {
  it('keeps the corrections of the words still on it and reports the others in a warning, its result and the audit log', async () => {
    const { station: s, dir } = await station({ ocrWorkers: 1 });
    const folder = path.join(dir, 'scan');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'trang-1.png'), textPage({ dpi: 150, lines: 12 }).png);
    const dossier = await importFolder(s, 'H49.64.33.2026.141', folder);
    s.jobControl.startRecognition(actor, dossier.id);
    await s.jobs.idle();
    const page = s.records.listPages(dossier.id)[0]!;
    expect(page.state).toBe('recognized');
    const words = s.records.words(page.id);
    const textWords = words.map((w, index) => ({ ...w, index })).filter((w) => !w.aside && /\p{L}{3,}/u.test(w.text));
    const top = textWords[0]!;
    const bottom = textWords.at(-1)!;
    expect(bottom.line).toBeGreaterThan(top.line + 5);
    s.corrections.correct(actor, page.id, top.index, `${top.text}·sửa`);
    s.corrections.correct(actor, page.id, bottom.index, `${bottom.text}·sửa`);

    // The clerk crops the page above its last line: the upper words keep their place, the last line goes.
    const crop = page.recipe.crop ?? { x: 0, y: 0, width: page.width, height: page.height };
    s.editing.applyChange(actor, { pageIds: [page.id] }, { crop: { ...crop, height: Math.round((top.y1 + bottom.y0) / 2) } });
    await s.jobs.idle();

    const job = s.jobs.list().find((j) => j.kind === 'ocr' && j.state === 'done' && j.warnings.length > 0)!;
    expect(job.result).toMatchObject({ correctionsDropped: 1 });
    expect(job.warnings).toEqual([expect.objectContaining({ code: 'CORRECTIONS_DROPPED', subject: `page:${page.id}` })]);
    expect(job.warnings[0]!.message).toContain(`1 chỉnh sửa bị bỏ`);
    expect(job.warnings[0]!.message).toContain(`«${bottom.text}» → «${bottom.text}·sửa»`);
    expect(s.audit.list(20).find((row) => row.action === 'word.correctionsDropped')).toMatchObject({
      subject: `page:${page.id}`,
      detail: { dropped: [{ engineText: bottom.text, correctedText: `${bottom.text}·sửa`, correctedBy: actor.name }] },
    });
    const kept = s.records.words(page.id).filter((w) => w.correctedBy !== undefined);
    expect(kept).toEqual([expect.objectContaining({ text: `${top.text}·sửa`, correctedBy: actor.name })]);
    expect(s.records.pageText(page.id)).toContain(`${top.text}·sửa`);
  }, 120_000);
});
