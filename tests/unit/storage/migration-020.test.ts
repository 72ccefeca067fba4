import { afterEach, describe, expect, it } from 'vitest';
import { insertPages, storeBefore, tempDatabase } from '../../support/temp-database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

type Db = ReturnType<typeof tempDatabase>;

const contentVersion = (db: Db) => (db.prepare('SELECT content_version AS v FROM documents WHERE id = 1').get() as { v: number }).v;
const columns = (db: Db, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);

describe('migration 020 (every Thông tư 05/2025 field)', () => {
  it('keeps the rows, adds the document columns and drops the dossier dates that are now derived', () => {
    const { db, upgrade } = storeBefore(20, cleanups);
    insertPages(db, 1);
    db.prepare("UPDATE documents SET subject = 'Về việc số hóa', language = '01', autograph = 'Đồng ý' WHERE id = 1").run();
    db.prepare("UPDATE dossiers SET start_date = '2001-01-01', keyword = 'đất đai' WHERE id = 1").run();
    upgrade();

    expect(db.prepare('SELECT subject, language, autograph, secrecy_mark AS s, keyword FROM documents WHERE id = 1').get()).toEqual({
      subject: 'Về việc số hóa', language: '01', autograph: 'Đồng ý', s: null, keyword: null,
    });
    expect(columns(db, 'documents')).toEqual(expect.arrayContaining([
      'infor_sign', 'keyword', 'type_name_printed', 'secrecy_mark', 'urgency_mark', 'procedure_file_code', 'procedure_code', 'identity_code',
    ]));
    expect(columns(db, 'dossiers')).not.toContain('start_date');
    expect(columns(db, 'dossiers')).not.toContain('end_date');
    expect(db.prepare('SELECT keyword FROM dossiers WHERE id = 1').get()).toEqual({ keyword: 'đất đai' });
  });

  it('refuses what breaks the lengths, the code lists and the secrecy rule, from any writer', () => {
    const { db, upgrade } = storeBefore(20, cleanups);
    insertPages(db, 1);
    upgrade();
    const refused = (sql: string) => expect(() => db.prepare(sql).run(), sql).toThrow();
    refused(`UPDATE documents SET infor_sign = '${'x'.repeat(31)}' WHERE id = 1`);
    refused(`UPDATE documents SET keyword = '${'x'.repeat(101)}' WHERE id = 1`);
    refused(`UPDATE documents SET identity_code = '${'x'.repeat(51)}' WHERE id = 1`);
    refused("UPDATE documents SET urgency_mark = 'GẤP' WHERE id = 1");
    refused("UPDATE documents SET language = '01,12' WHERE id = 1");
    refused("UPDATE documents SET language = '' WHERE id = 1");
    refused("UPDATE documents SET confidence_level = '04' WHERE id = 1");
    refused("UPDATE dossiers SET language = 'vi' WHERE id = 1");
    refused("INSERT INTO dossiers (batch_id, file_code, title, language, created_at) VALUES (1, 'H49.1.3', 'Hồ sơ', '01,99', 't')");
    // A secret document whose access mode is not 03 Mật: refused, whichever column is written last.
    refused("UPDATE documents SET secrecy_mark = 'MẬT' WHERE id = 1");
    refused("UPDATE documents SET secrecy_mark = 'TỐI MẬT', mode = '01' WHERE id = 1");
    refused("INSERT INTO documents (dossier_id, ordinal, source, secrecy_mark, created_at, updated_at) VALUES (1, 2, 'b', 'MẬT', 't', 't')");

    db.prepare("UPDATE documents SET language = '01,09', confidence_level = '03', secrecy_mark = 'TUYỆT MẬT', mode = '03', urgency_mark = 'HỎA TỐC' WHERE id = 1").run();
    refused("UPDATE documents SET mode = '02' WHERE id = 1");
    db.prepare("UPDATE dossiers SET language = '01,03' WHERE id = 1").run();
    expect(db.prepare('SELECT language, secrecy_mark AS s FROM documents WHERE id = 1').get()).toEqual({ language: '01,09', s: 'TUYỆT MẬT' });
  });

  it('counts a change to each new document column as a change since export, and only a real change', () => {
    const { db, upgrade } = storeBefore(20, cleanups);
    insertPages(db, 1);
    upgrade();
    const start = contentVersion(db);
    const changes = [
      "infor_sign = 'ĐĐ'", "keyword = 'đất đai'", "type_name_printed = 'Thông tư'", "mode = '03', secrecy_mark = 'MẬT'", "urgency_mark = 'KHẨN'",
      "procedure_file_code = 'H49.22-240805-0001'", "procedure_code = '1.004227'", "identity_code = '000.00.00.H49'",
    ];
    changes.forEach((assignment, i) => {
      db.prepare(`UPDATE documents SET ${assignment} WHERE id = 1`).run();
      expect(contentVersion(db), assignment).toBe(start + i + 1);
    });
    db.prepare("UPDATE documents SET keyword = 'đất đai', identity_code = identity_code WHERE id = 1").run();
    expect(contentVersion(db)).toBe(start + changes.length);
  });
});
