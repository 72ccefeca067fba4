import { afterEach, describe, expect, it } from 'vitest';
import {
  archivalSchema,
  checkMessage,
  DOCUMENT_FIELDS,
  DOCUMENT_TYPE_CODES,
  documentMetadataSchema,
  DOSSIER_FIELDS,
  dossierFieldsSchema,
  EMPTY_METADATA,
  editableFields,
  emptyValues,
  orderedValues,
  type ArchivalField,
  type ArchivalValues,
  type DocumentValues,
  type EditableValues,
} from '../../../main/contract/archival-fields';
import { contract } from '../../../main/contract/channels';
import { documentRecord } from '../../../main/packaging/document-record';
import { assignments, columnValues, selectColumns, valuesFromRow } from '../../../main/storage/archival-columns';
import { migrate } from '../../../main/storage/database';
import { MIGRATIONS } from '../../../main/storage/migrations';
import { insertPages, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

type Db = ReturnType<typeof tempDatabase>;

function migrated(): Db {
  const db = tempDatabase(cleanups);
  migrate(db, MIGRATIONS);
  insertPages(db, 1);
  return db;
}

/** The CREATE TABLE text of `table` as SQLite keeps it (migration 001's, columns added later appended). */
function tableSql(db: Db, table: string): string {
  return (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string }).sql;
}

/** Each column's `length(col) <= N` CHECK in the table's SQL. */
function lengthChecks(sql: string): Map<string, number> {
  return new Map([...sql.matchAll(/length\((\w+)\) <= (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
}

/** Each column's `col IN ('01', …)` CHECK in the table's SQL. */
function codeChecks(sql: string): Map<string, string[]> {
  return new Map([...sql.matchAll(/CHECK \((\w+) IN \(([^)]*)\)\)/g)].map((m) => [m[1]!, [...m[2]!.matchAll(/'([^']*)'/g)].map((c) => c[1]!)]));
}

interface ColumnInfo {
  name: string;
  notnull: 0 | 1;
  dflt_value: string | null;
}

function columns(db: Db, table: string): Map<string, ColumnInfo> {
  return new Map((db.prepare(`PRAGMA table_info(${table})`).all() as ColumnInfo[]).map((c) => [c.name, c]));
}

const TABLES = [
  ['dossiers', DOSSIER_FIELDS],
  ['documents', DOCUMENT_FIELDS],
] as const satisfies ReadonlyArray<readonly [string, readonly ArchivalField[]]>;

describe('the archival fields', () => {
  it('have unique keys and columns and a label in Vietnamese and in English', () => {
    for (const [, fields] of TABLES) {
      const list: readonly ArchivalField[] = fields;
      expect(new Set(list.map((f) => f.key)).size).toBe(list.length);
      expect(new Set(list.map((f) => f.column)).size).toBe(list.length);
      for (const f of list) {
        expect(f.vi.trim(), f.key).not.toBe('');
        expect(f.en.trim(), f.key).not.toBe('');
        expect(f.vi, f.key).not.toBe(f.en);
        for (const c of f.codes ?? []) {
          expect(c.vi.trim(), `${f.key} ${c.code}`).not.toBe('');
          expect(c.en.trim(), `${f.key} ${c.code}`).not.toBe('');
        }
        expect(f.type === 'code', `${f.key} has a code list exactly when it is a code field`).toBe((f.codes?.length ?? 0) > 0);
        if (f.pattern || f.type === 'code' || f.type === 'date') {
          const [vi, en] = [checkMessage(f, 'vi'), checkMessage(f, 'en')];
          expect(vi?.trim(), f.key).toBeTruthy();
          expect(en?.trim(), f.key).toBeTruthy();
          expect(en, f.key).not.toBe(vi);
        }
      }
    }
  });

  it('have the maximum lengths, code lists, required columns and defaults of the tables of a migrated store', () => {
    const db = migrated();
    for (const [table, fields] of TABLES) {
      const list: readonly ArchivalField[] = fields;
      const sql = tableSql(db, table);
      const lengths = lengthChecks(sql);
      const codes = codeChecks(sql);
      const info = columns(db, table);
      const triggers = (db.prepare("SELECT group_concat(sql, ' ') AS s FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%_fields_%'").get(table) as { s: string }).s;
      for (const f of list) {
        const column = info.get(f.column);
        // A derived field is computed by the reading, never stored (migration 020 dropped the dossier dates).
        if (f.derived) {
          expect(column, `${table}.${f.column} is derived`).toBeUndefined();
          continue;
        }
        expect(column, `${table}.${f.column}`).toBeDefined();
        expect(f.max, `${table}.${f.column} max`).toBe(lengths.get(f.column));
        // A code column without a CHECK (migration 001 had none; SQLite cannot add one) is checked by a trigger
        // of migration 020 instead (its refusals are tested there).
        if (f.type === 'code' && f.stores !== 'name') {
          const checked = codes.get(f.column);
          if (checked && !f.multiple) expect(f.codes?.map((c) => c.code), `${table}.${f.column} codes`).toEqual(checked);
          else expect(triggers, `${table}.${f.column} checked by a trigger`).toMatch(new RegExp(`NEW\\.${f.column}\\b`));
        }
        expect(f.required, `${table}.${f.column} required`).toBe(column!.notnull === 1 && column!.dflt_value === null);
        expect(f.default === undefined ? null : typeof f.default === 'number' ? String(f.default) : `'${f.default}'`, `${table}.${f.column} default`).toBe(column!.dflt_value);
      }
    }
  });

  it('describe every archival column of the dossiers table', () => {
    const db = migrated();
    const described = new Set<string>(DOSSIER_FIELDS.map((f) => f.column));
    const undescribed = [...columns(db, 'dossiers').keys()].filter((c) => !described.has(c));
    expect(undescribed).toEqual(['id', 'batch_id', 'created_at']);
  });

  it('store typeName as the Vietnamese name of one of the 32 types of the circular', () => {
    expect(DOCUMENT_TYPE_CODES.map((c) => c.code)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(documentMetadataSchema.shape.typeName.parse('Quyết định')).toBe('Quyết định');
    expect(documentMetadataSchema.shape.typeName.safeParse('02').error?.issues[0]?.message).toBe('Loại văn bản không có trong danh mục');
  });

  it('count every document field among the changes since an export (the trigger of migration 014)', () => {
    const db = migrated();
    const trigger = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'documents_content_update'").get() as { sql: string }).sql;
    const watched = /AFTER UPDATE OF ([\w\s,]+) ON documents/.exec(trigger)![1]!.split(',').map((c) => c.trim());
    for (const f of editableFields(DOCUMENT_FIELDS)) expect(watched, f.column).toContain(f.column);
  });
});

describe('what is derived from the fields', () => {
  it('the document schema: empty is null, texts in NFC, the circular’s maxima and shapes', () => {
    const parsed = documentMetadataSchema.parse({
      ...EMPTY_METADATA,
      typeName: null,
      codeNumber: ' 15 ',
      codeNotation: 'QĐ-UBND',
      issuedDate: '',
      subject: 'Về việc ban hành quy chế'.normalize('NFD'),
    });
    expect(parsed).toEqual({ ...EMPTY_METADATA, codeNumber: '15', codeNotation: 'QĐ-UBND', subject: 'Về việc ban hành quy chế'.normalize('NFC') });
    const tooLong = documentMetadataSchema.safeParse({ ...EMPTY_METADATA, signerName: 'x'.repeat(51) });
    expect(tooLong.error?.issues.map((i) => [i.path[0], i.message])).toEqual([['signerName', 'Tối đa 50 ký tự']]);
    const badShapes = documentMetadataSchema.safeParse({ ...EMPTY_METADATA, codeNumber: '15 a', codeNotation: 'QĐ UBND', issuedDate: '2026-02-30' });
    expect(badShapes.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['codeNumber', 'Số văn bản chỉ gồm chữ số (và chữ cái)'],
      ['codeNotation', 'Ký hiệu không hợp lệ (ví dụ QĐ-UBND)'],
      ['issuedDate', 'Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật'],
    ]);
  });

  it('the dossier schema the channels use: a dossier code of dot-separated parts and a title', () => {
    const args = contract['dossier:create'].args;
    expect(args.parse({ batchId: 1, fileCode: ' H49.64.33.2001.160 ', title: 'Hồ sơ' })).toEqual({ batchId: 1, fileCode: 'H49.64.33.2001.160', title: 'Hồ sơ' });
    expect(args.safeParse({ batchId: 1, fileCode: 'H49', title: 'Hồ sơ' }).error?.issues[0]?.message).toBe(
      'Mã hồ sơ gồm các phần chữ/số cách nhau bằng dấu chấm, ví dụ H49.64.33.2001.160',
    );
    expect(args.safeParse({ batchId: 1, fileCode: 'H49.1', title: ' ' }).success).toBe(false);
    expect(args.safeParse({ batchId: 1, fileCode: 'H49.1', title: 'x'.repeat(1001) }).success).toBe(false);
  });

  // Changed with issue 15 (every field of the circular): the nine fields of before keep their place, first.
  it('the empty value and the JSON record: every key, in the record’s order, null when unknown, derived ones in the record', () => {
    expect(JSON.stringify(EMPTY_METADATA)).toBe(
      '{"typeName":null,"codeNumber":null,"codeNotation":null,"issuedDate":null,"place":null,"organName":null,"subject":null,"signerPosition":null,"signerName":null,' +
        '"typeNamePrinted":null,"language":["01"],"inforSign":null,"keyword":null,"mode":null,"confidenceLevel":"02","autograph":null,"format":null,"description":null,' +
        '"secrecyMark":null,"urgencyMark":null,"procedureFileCode":null,"procedureCode":null,"identityCode":null}',
    );
    // Keys out of order and one that is not a field (as a caller might pass) come out as the record has them;
    // the record's docCode is its metadata's.
    const shuffled = { subject: 'Về việc A', typeName: 'Quyết định', stray: 'x', codeNumber: '15', numberOfPage: 2 } as unknown as DocumentValues;
    const record = documentRecord({ docId: 'a', source: 'a.pdf', fileCode: 'H49.1', docCode: 'H49.1.0000001', metadata: shuffled, pages: [] });
    expect(JSON.stringify(record.metadata)).toBe(
      '{"typeName":"Quyết định","codeNumber":"15","codeNotation":null,"issuedDate":null,"place":null,"organName":null,"subject":"Về việc A","signerPosition":null,"signerName":null,' +
        '"docCode":"H49.1.0000001","typeNamePrinted":null,"language":null,"numberOfPage":2,"inforSign":null,"keyword":null,"mode":null,"confidenceLevel":null,"autograph":null,' +
        '"format":null,"description":null,"secrecyMark":null,"urgencyMark":null,"procedureFileCode":null,"procedureCode":null,"identityCode":null}',
    );
  });

  it('the SQL mapping: every dossier field written and read back through a real table, its CHECKs satisfied', () => {
    const db = migrated();
    // Derived fields given (startDate) are dropped by the schema: they are computed, never typed.
    const values: EditableValues<typeof DOSSIER_FIELDS> = dossierFieldsSchema.parse({
      fileCode: 'H49.64.33.2001.160', title: 'Hồ sơ đất đai', maintenance: '01', mode: '02', language: ['03', '01', '03'], startDate: '2001-01-05',
      keyword: 'đất đai', numberOfPaper: 120, format: '02', inforSign: 'ĐĐ', confidenceLevel: '02',
      paperFileCode: 'H49.K1.160', riskRecovery: true, riskRecoveryStatus: '02', description: 'Ghi chú',
    });
    expect(values).not.toHaveProperty('startDate');
    expect(values.language).toEqual(['01', '03']);
    db.prepare(`UPDATE dossiers SET ${assignments(DOSSIER_FIELDS)} WHERE id = 1`).run(...columnValues(DOSSIER_FIELDS, values));
    expect(db.prepare('SELECT risk_recovery AS r, number_of_paper AS n, language FROM dossiers WHERE id = 1').get()).toEqual({ r: 1, n: 120, language: '01,03' });
    const stored: ArchivalValues<typeof DOSSIER_FIELDS> = valuesFromRow(DOSSIER_FIELDS, db.prepare('SELECT * FROM dossiers WHERE id = 1').get() as Record<string, unknown>);
    expect(stored).toEqual({ ...values, startDate: null, endDate: null, totalDoc: null, numberOfPage: null });
    // Nothing given to a column with a default (NOT NULL) writes the default.
    db.prepare(`UPDATE dossiers SET ${assignments(DOSSIER_FIELDS)} WHERE id = 1`).run(...columnValues(DOSSIER_FIELDS, { ...values, language: null, confidenceLevel: null }));
    expect(db.prepare('SELECT language, confidence_level AS c FROM dossiers WHERE id = 1').get()).toEqual({ language: '01', c: '02' });
    expect(db.prepare(`SELECT ${selectColumns(DOSSIER_FIELDS.slice(0, 2), 'd')} FROM dossiers d WHERE d.id = 1`).get()).toEqual({
      fileCode: 'H49.64.33.2001.160',
      title: 'Hồ sơ đất đai',
    });
    expect(emptyValues(DOSSIER_FIELDS)).toMatchObject({ fileCode: null, language: ['01'], confidenceLevel: '02', riskRecovery: false, maintenance: null });
  });

  // Changed with issue 15: every column of the documents table is a field now, so the test adds the column itself.
  it('adding a field is one line: a description with one more field gives its schema, empty value, SQL mapping and record', () => {
    const WITH_REGISTER = [
      ...DOCUMENT_FIELDS,
      { key: 'registerNumber', column: 'register_number', vi: 'Số đăng ký', en: 'Register number', type: 'text', max: 20, required: false },
    ] as const satisfies readonly ArchivalField[];
    const schema = archivalSchema(WITH_REGISTER);
    const empty = emptyValues(WITH_REGISTER);
    expect(Object.keys(empty)).toEqual([...Object.keys(EMPTY_METADATA), 'registerNumber']);
    expect(schema.safeParse({ ...empty, registerNumber: 'x'.repeat(21) }).error?.issues[0]?.message).toBe('Tối đa 20 ký tự');
    const values = schema.parse({ ...empty, subject: 'Về việc B', registerNumber: 'ĐK-15' });

    const db = migrated();
    db.exec('ALTER TABLE documents ADD COLUMN register_number TEXT CHECK (length(register_number) <= 20)');
    db.prepare(`UPDATE documents SET ${assignments(WITH_REGISTER)} WHERE id = 1`).run(...columnValues(WITH_REGISTER, values));
    const row = db.prepare('SELECT * FROM documents WHERE id = 1').get() as Record<string, unknown>;
    expect(row['register_number']).toBe('ĐK-15');
    expect(valuesFromRow(editableFields(WITH_REGISTER), row)).toEqual(values);
    const record = orderedValues(WITH_REGISTER, { ...valuesFromRow(WITH_REGISTER, row), docCode: 'H49.1.2.0000001' });
    expect(Object.keys(record).at(-1)).toBe('registerNumber');
    expect(record.docCode).toBe('H49.1.2.0000001');
    // Only the trigger counts a change since export: the migration that adds a column adds it there too.
    const version = () => (db.prepare('SELECT content_version AS v FROM documents WHERE id = 1').get() as { v: number }).v;
    const before = version();
    db.prepare("UPDATE documents SET register_number = 'ĐK-16' WHERE id = 1").run();
    expect(version()).toBe(before);
  });
});
