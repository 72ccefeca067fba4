// kill -9 while a document is being indexed: nothing of the unfinished indexing is kept, the document
// stays due, and the next start indexes it (once), without any call from the person or the test.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workstation } from '../../main/services/workstation';
import { REAL_PAGES_DIR, REPO_ROOT, tempDir } from '../support/temp-dir';

/** Runs the child until it prints `INDEXING <documentId>`, then SIGKILLs it. */
function runAndKillWhileIndexing(dataDir: string, mode: 'indexing' | 'recognized'): Promise<{ documentId: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tests/support/indexing-child.ts'), dataDir, path.join(REAL_PAGES_DIR, 'real_hanoi_tb_453_flag_p1.png'), mode], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let documentId = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^INDEXING (\d+)$/m.exec(output);
      if (match && documentId === 0) {
        documentId = Number(match[1]);
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (documentId > 0 ? resolve({ documentId, signal }) : reject(new Error(`the child ended without indexing: ${output}`))));
  });
}

describe('auto-indexing survives kill -9', () => {
  it.each([
    ['in the middle of its indexing, by the OCR job', 'indexing', 'cli:crash-test'],
    ['right after its recognition, before any indexing', 'recognized', 'system'],
  ] as const)('a document killed %s is indexed when the workstation starts again', async (_when, mode, indexedBy) => {
    const data = tempDir('sohoa-index-crash-');
    try {
      const { documentId, signal } = await runAndKillWhileIndexing(data.dir, mode);
      expect(signal).toBe('SIGKILL');

      const look = await Workstation.open({ dataDir: data.dir, readOnly: true, ocrWorkers: 1 });
      try {
        // The killed transaction left nothing: no proposal, no filled field, the document still due.
        expect(look.indexing.view(documentId)).toEqual({ documentId, proposals: {}, origins: {} });
        expect(look.records.document(documentId)).toMatchObject({ state: 'recognized', metadata: { typeName: null, signerName: null } });
        expect(look.records.metadataIndex.dueDocuments(null)).toEqual([documentId]);
        expect(look.jobs.list().find((job) => job.kind === 'ocr')?.state).toBe(mode === 'indexing' ? 'running' : undefined);
      } finally {
        await look.close();
      }

      const station = await Workstation.open({ dataDir: data.dir, ocrWorkers: 1, scanners: [] });
      try {
        await station.jobs.idle();
        const document = station.records.document(documentId);
        expect(document.state).toBe('indexed');
        expect(document.metadata).toMatchObject({ typeName: 'Thông báo', codeNotation: 'TB-UBND', place: 'Hà Nội', signerName: 'Võ Tuấn Anh' });
        expect(station.indexing.view(documentId).proposals.signerName).toMatchObject({ value: 'Võ Tuấn Anh', confidence: 95 });
        expect(station.records.metadataIndex.dueDocuments(null)).toEqual([]);
        // Indexed once, though both a resumed OCR job and the start look for due documents: the job,
        // adopted first, indexes it for the clerk who started it; with no job, the start does.
        const rows = station.db.prepare("SELECT actor FROM audit_log WHERE action = 'document.auto-index'").pluck().all();
        expect(rows).toEqual([indexedBy]);
        expect(station.jobs.list().find((job) => job.kind === 'ocr')?.state).toBe(mode === 'indexing' ? 'done' : undefined);
      } finally {
        await station.close();
      }
    } finally {
      data.remove();
    }
  }, 180_000);
});
