import type { Migration } from './migration';

// Every field of Thông tư 05/2025 (issue 15, "Metadata"; main/contract/archival-fields.ts describes them).
//
// New document columns, with the circular's maxima and code lists as CHECKs: the information sign and
// keywords, the type name as printed when the list has no code for it (32 Khác: «Thông tư», «Luật»), the
// NĐ 30 secrecy and urgency marks as printed, and the Thông tư 01/2023/TT-VPCP codes of an
// administrative-procedure result (mã hồ sơ TTHC, mã TTHC, mã định danh; lengths not fixed by a text we
// could check, so generous). language (both tables, multi-valued: `01,09`) and documents.confidence_level
// have columns since migration 001 without a CHECK, which SQLite cannot add: triggers refuse a code outside
// the lists instead, and a secrecy mark on a document whose access mode is not 03 Mật, so that no writer
// (the app, the CLI, a later import) can store a secret document as public.
//
// The derived fields have no column: the dossier's start and end dates (migration 001 had columns for
// them, never written) are computed from its documents' dates, like its totals; a document's docCode and
// page count from its dossier and pages.
//
// documents_content_update (migration 014) is recreated with the new columns, so that a change to them
// counts as a change since export (and reopens an approved document, migration 015).
const LANGUAGES = "('01','02','03','04','05','06','07','08','09','10','11')";

/** True when the multi-valued language `column` of NEW holds a code outside the list (or is empty). */
const badLanguage = (column: string) =>
  `EXISTS (SELECT 1 FROM json_each('["' || replace(NEW.${column}, ',', '","') || '"]') WHERE value NOT IN ${LANGUAGES})`;

const DOCUMENT_CHECK = `
  WHEN ${badLanguage('language')} OR NEW.confidence_level NOT IN ('01','02','03')
    OR (NEW.secrecy_mark IS NOT NULL AND NEW.mode IS NOT '03')
  BEGIN SELECT RAISE(ABORT, 'documents: language, confidence_level or secrecy_mark/mode outside the Thông tư 05/2025 rules'); END`;

const DOSSIER_CHECK = `
  WHEN ${badLanguage('language')}
  BEGIN SELECT RAISE(ABORT, 'dossiers: language outside the Thông tư 05/2025 list'); END`;

export const migration020: Migration = {
  version: 20,
  name: 'archival-fields',
  up: `
    ALTER TABLE documents ADD COLUMN infor_sign TEXT CHECK (length(infor_sign) <= 30);
    ALTER TABLE documents ADD COLUMN keyword TEXT CHECK (length(keyword) <= 100);
    ALTER TABLE documents ADD COLUMN type_name_printed TEXT CHECK (length(type_name_printed) <= 100);
    ALTER TABLE documents ADD COLUMN secrecy_mark TEXT CHECK (secrecy_mark IN ('MẬT','TỐI MẬT','TUYỆT MẬT'));
    ALTER TABLE documents ADD COLUMN urgency_mark TEXT CHECK (urgency_mark IN ('KHẨN','THƯỢNG KHẨN','HỎA TỐC'));
    ALTER TABLE documents ADD COLUMN procedure_file_code TEXT CHECK (length(procedure_file_code) <= 50);
    ALTER TABLE documents ADD COLUMN procedure_code TEXT CHECK (length(procedure_code) <= 30);
    ALTER TABLE documents ADD COLUMN identity_code TEXT CHECK (length(identity_code) <= 50);
    ALTER TABLE dossiers DROP COLUMN start_date;
    ALTER TABLE dossiers DROP COLUMN end_date;

    CREATE TRIGGER documents_fields_insert BEFORE INSERT ON documents ${DOCUMENT_CHECK};
    CREATE TRIGGER documents_fields_update BEFORE UPDATE OF language, confidence_level, secrecy_mark, mode ON documents ${DOCUMENT_CHECK};
    CREATE TRIGGER dossiers_fields_insert BEFORE INSERT ON dossiers ${DOSSIER_CHECK};
    CREATE TRIGGER dossiers_fields_update BEFORE UPDATE OF language ON dossiers ${DOSSIER_CHECK};

    DROP TRIGGER documents_content_update;
    CREATE TRIGGER documents_content_update
      AFTER UPDATE OF type_name, code_number, code_notation, issued_date, place, organ_name, subject, signer_position, signer_name,
        language, mode, confidence_level, autograph, format, description,
        infor_sign, keyword, type_name_printed, secrecy_mark, urgency_mark, procedure_file_code, procedure_code, identity_code ON documents
      WHEN OLD.type_name IS NOT NEW.type_name OR OLD.code_number IS NOT NEW.code_number OR OLD.code_notation IS NOT NEW.code_notation OR OLD.issued_date IS NOT NEW.issued_date OR OLD.place IS NOT NEW.place OR OLD.organ_name IS NOT NEW.organ_name OR OLD.subject IS NOT NEW.subject OR OLD.signer_position IS NOT NEW.signer_position
        OR OLD.signer_name IS NOT NEW.signer_name OR OLD.language IS NOT NEW.language OR OLD.mode IS NOT NEW.mode OR OLD.confidence_level IS NOT NEW.confidence_level OR OLD.autograph IS NOT NEW.autograph OR OLD.format IS NOT NEW.format OR OLD.description IS NOT NEW.description
        OR OLD.infor_sign IS NOT NEW.infor_sign OR OLD.keyword IS NOT NEW.keyword OR OLD.type_name_printed IS NOT NEW.type_name_printed OR OLD.secrecy_mark IS NOT NEW.secrecy_mark OR OLD.urgency_mark IS NOT NEW.urgency_mark
        OR OLD.procedure_file_code IS NOT NEW.procedure_file_code OR OLD.procedure_code IS NOT NEW.procedure_code OR OLD.identity_code IS NOT NEW.identity_code
      BEGIN UPDATE documents SET content_version = content_version + 1 WHERE id = NEW.id; END;
  `,
};
