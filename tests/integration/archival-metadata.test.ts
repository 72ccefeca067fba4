// Every Thông tư 05/2025 field through the real archive (a Workstation on a real data folder): the derived
// fields computed from real rows, a dossier's edit checked and audited with old and new values, a
// document's new fields stored and read back, a secret document refused unless its mode says Mật.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../main/accounts/actor';
import { DOSSIER_EDIT_FIELDS, emptyValues, type DossierEdit } from '../../main/contract/archival-fields';
import { EMPTY_METADATA, type DocumentMetadata } from '../../main/contract/domain';
import { silentLogger } from '../../main/services/logger';
import { Workstation } from '../../main/services/workstation';
import { tempDir } from '../support/temp-dir';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const clerk = commandLineActor('lan.pt');

async function station(): Promise<Workstation> {
  const t = tempDir();
  cleanups.push(t.remove);
  const s = await Workstation.open({ dataDir: path.join(t.dir, 'data'), autoRecognize: false, ocrWorkers: 1, scanners: [], logger: silentLogger() });
  cleanups.push(() => s.close());
  return s;
}

function addPages(s: Workstation, documentId: number, n: number, seed: string): void {
  for (let i = 0; i < n; i++) {
    s.records.addPage({ documentId, sha256: `${seed}${i}`.padEnd(64, '0'), format: 'png', width: 10, height: 10, dpi: 300, dpiAssumed: false, bytes: 1, source: `${seed}${i}.png` });
  }
}

describe('the derived fields, computed from the rows', () => {
  it('a dossier counts its documents and pages and spans its documents’ dates; a document has its code and pages', async () => {
    const s = await station();
    const dossier = s.records.createDossier(s.records.createBatch('Lô', null).id, 'H49.64.33.2001.160', 'Hồ sơ đất đai');
    expect(s.records.dossier(dossier.id).metadata).toMatchObject({ totalDoc: 0, numberOfPage: 0, startDate: null, endDate: null });

    const first = s.records.createDocument(dossier.id, 'qd-15');
    const second = s.records.createDocument(dossier.id, 'tb-3');
    const third = s.records.createDocument(dossier.id, 'cv-undated');
    addPages(s, first.id, 2, 'a');
    addPages(s, second.id, 3, 'b');
    s.archive.updateMetadata(clerk, first.id, { ...EMPTY_METADATA, issuedDate: '2001-03-05' });
    s.archive.updateMetadata(clerk, second.id, { ...EMPTY_METADATA, issuedDate: '2001-12-28' });
    s.archive.updateMetadata(clerk, third.id, { ...EMPTY_METADATA, issuedDate: '2001-01-02' });

    const view = s.records.dossier(dossier.id);
    expect(view.metadata).toMatchObject({ totalDoc: 3, numberOfPage: 5, startDate: '2001-01-02', endDate: '2001-12-28' });
    expect(s.records.listDossiers().find((d) => d.id === dossier.id)?.metadata).toEqual(view.metadata);
    const document = s.records.document(second.id);
    expect(document.metadata.docCode).toBe('H49.64.33.2001.160.0000002');
    expect(document.metadata.docCode).toBe(document.docCode);
    expect(document.metadata.numberOfPage).toBe(3);

    // A page deleted (to the recycle bin) no longer counts.
    const page = s.records.listPages(dossier.id).find((p) => p.documentId === second.id)!;
    s.archive.deletePage(clerk, page.id);
    expect(s.records.document(second.id).metadata.numberOfPage).toBe(2);
    expect(s.records.dossier(dossier.id).metadata.numberOfPage).toBe(4);
  });
});

describe('a dossier’s edit', () => {
  it('stores every field but the code, audited with old and new values, and refuses a scan without its paper code', async () => {
    const s = await station();
    const dossier = s.records.createDossier(s.records.createBatch('Lô', null).id, 'H49.64.33.2001.161', 'Hồ sơ');
    const edit: DossierEdit = {
      ...emptyValues(DOSSIER_EDIT_FIELDS), title: 'Hồ sơ giao đất năm 2001', maintenance: '01', mode: '02', language: ['03', '01'], keyword: 'đất đai',
      numberOfPaper: 42, format: '02', inforSign: 'ĐĐ', confidenceLevel: '02', riskRecovery: true, riskRecoveryStatus: '01', description: 'Có bản đồ A1',
    };
    expect(() => s.archive.updateDossier(clerk, dossier.id, { ...edit, paperFileCode: null })).toThrow(/mã hồ sơ giấy gốc/);
    expect(s.records.dossier(dossier.id).title).toBe('Hồ sơ');

    const after = s.archive.updateDossier(clerk, dossier.id, { ...edit, paperFileCode: 'H49.K1.G2.H3.161' });
    expect(after.title).toBe('Hồ sơ giao đất năm 2001');
    expect(after.fileCode).toBe('H49.64.33.2001.161');
    expect(after.metadata).toMatchObject({ ...edit, language: ['01', '03'], paperFileCode: 'H49.K1.G2.H3.161', totalDoc: 0 });

    const entry = s.audit.list(20).find((e) => e.action === 'dossier.update')!;
    expect(entry.subject).toBe('dossier:H49.64.33.2001.161');
    const changes = (entry.detail as { changes: Array<{ field: string; old: unknown; new: unknown }> }).changes;
    expect(changes).toContainEqual({ field: 'title', old: 'Hồ sơ', new: 'Hồ sơ giao đất năm 2001' });
    expect(changes).toContainEqual({ field: 'language', old: ['01'], new: ['01', '03'] });
    expect(changes).toContainEqual({ field: 'riskRecovery', old: false, new: true });
    expect(changes.map((c) => c.field)).not.toContain('confidenceLevel');
    expect(s.auditWatch.check(true)).toMatchObject({ intact: true });
  });
});

describe('a document’s new fields', () => {
  it('are stored and read back, and a secrecy mark without mode 03 is refused with nothing stored', async () => {
    const s = await station();
    const dossier = s.records.createDossier(s.records.createBatch('Lô', null).id, 'H49.64.33.2001.162', 'Hồ sơ');
    const document = s.records.createDocument(dossier.id, 'tt-21');
    const metadata: DocumentMetadata = {
      ...EMPTY_METADATA, typeName: 'Khác', typeNamePrinted: 'Thông tư', language: ['01', '02'], inforSign: 'TT', keyword: 'nhiên liệu', mode: '03',
      confidenceLevel: '03', autograph: 'Đồng ý, giao Sở Công Thương', format: '01', description: 'Bản sao y', secrecyMark: 'MẬT', urgencyMark: 'KHẨN',
      procedureFileCode: 'H49.22-240805-0001', procedureCode: '1.004227', identityCode: '000.00.00.H49',
    };
    const saved = s.archive.updateMetadata(clerk, document.id, metadata);
    expect(saved.metadata).toEqual({ ...metadata, docCode: 'H49.64.33.2001.162.0000001', numberOfPage: 0 });
    expect(s.records.document(document.id).metadata).toEqual(saved.metadata);

    expect(() => s.archive.updateMetadata(clerk, document.id, { ...metadata, mode: '01' })).toThrow();
    expect(s.records.document(document.id).metadata.mode).toBe('03');
  });

  it('survive auto-indexing: a proposal that cannot read a field leaves the person’s value, a secret document stays secret', async () => {
    const s = await station();
    const dossier = s.records.createDossier(s.records.createBatch('Lô', null).id, 'H49.64.33.2001.163', 'Hồ sơ');
    const document = s.records.createDocument(dossier.id, 'qd-mat');
    addPages(s, document.id, 1, 'c');
    s.archive.updateMetadata(clerk, document.id, { ...EMPTY_METADATA, secrecyMark: 'MẬT', mode: '03', language: ['01', '09'], codeNumber: '15' });
    s.indexing.indexDocument(clerk, document.id);
    expect(s.records.document(document.id).metadata).toMatchObject({ secrecyMark: 'MẬT', mode: '03', language: ['01', '09'], codeNumber: '15' });
  });
});
