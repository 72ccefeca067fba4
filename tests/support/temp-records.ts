// A migrated SQLite file in a fresh temp folder, and the archive on it with one batch, dossier and
// document to put pages in: where the unit tests of the archive and the page services start.
import path from 'node:path';
import { Records } from '../../main/services/records';
import { openDatabase, type Db } from '../../main/storage/database';
import { tempDir } from './temp-dir';

/** A migrated store's database in a fresh temp folder; `cleanups` gets its closing and the folder's removal. */
export function tempStore(cleanups: Array<() => void>): { db: Db; dir: string } {
  const t = tempDir();
  const db = openDatabase(path.join(t.dir, 'db.sqlite'));
  cleanups.push(() => {
    db.close();
    t.remove();
  });
  return { db, dir: t.dir };
}

/** `cleanups` gets the database's closing and the folder's removal. */
export function tempRecords(cleanups: Array<() => void>): { db: Db; records: Records; documentId: number } {
  const { db } = tempStore(cleanups);
  const records = new Records(db);
  const dossier = records.createDossier(records.createBatch('Lô 1', null).id, 'H49.64.33.2001.160', 'Hồ sơ thử');
  return { db, records, documentId: records.documentForJob(dossier.id, 1, 'sane:test:0').id };
}
