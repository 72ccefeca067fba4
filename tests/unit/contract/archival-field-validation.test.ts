// Every field's validation, driven by the descriptions themselves: a new field is checked here without a
// new line. Then the rules across fields, with their Vietnamese messages.
import { describe, expect, it } from 'vitest';
import {
  checkMessage,
  codeValues,
  DOCUMENT_FIELDS,
  documentMetadataSchema,
  DOSSIER_EDIT_FIELDS,
  DOSSIER_FIELDS,
  dossierEditSchema,
  dossierFieldsSchema,
  editableFields,
  EMPTY_METADATA,
  emptyValues,
  type ArchivalField,
} from '../../../main/contract/archival-fields';

const validDossier = { ...emptyValues(DOSSIER_FIELDS), fileCode: 'H49.64.33.2001.160', title: 'Hồ sơ đất đai', paperFileCode: 'H49.K1.160' };
const SCHEMAS = [
  ['dossier', DOSSIER_FIELDS, dossierFieldsSchema, validDossier],
  ['document', DOCUMENT_FIELDS, documentMetadataSchema, EMPTY_METADATA],
] as const;

/** The first issue at `key` when `values` is checked, as [key, message]. */
function issueAt(schema: { safeParse: (v: unknown) => { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, values: unknown, key: string) {
  const issue = schema.safeParse(values).error?.issues.find((i) => i.path[0] === key);
  return issue?.message;
}

describe.each(SCHEMAS)('every %s field', (_, fields, schema, valid) => {
  const list: readonly ArchivalField[] = fields;
  it('accepts the empty (or minimal) record', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each(list.filter((f) => !f.derived && f.type === 'text' && f.max !== undefined).map((f) => [f.key, f] as const))('%s: refuses more than its maximum', (key, f) => {
    const max = f.max!;
    const base = { ...valid, [key]: 'x'.repeat(max) };
    // Exactly the maximum passes its own length check (a pattern may still apply, so only the length is asserted).
    expect(issueAt(schema, base, key) ?? '').not.toMatch(/Tối đa|ký tự/);
    expect(issueAt(schema, { ...valid, [key]: 'x'.repeat(max + 1) }, key)).toMatch(new RegExp(`${max}`));
  });

  it.each(list.filter((f) => !f.derived && f.type === 'code').map((f) => [f.key, f] as const))('%s: refuses a value outside its code list, takes each code', (key, f) => {
    const bad = f.multiple ? ['01', 'ZZ'] : 'ZZ';
    expect(issueAt(schema, { ...valid, [key]: bad }, key)).toBe(checkMessage(f, 'vi'));
    for (const code of codeValues(f)) {
      const value = f.multiple ? [code] : code;
      expect(issueAt(schema, { ...valid, [key]: value }, key), `${key}=${code}`).toBeUndefined();
    }
  });

  it.each(list.filter((f) => !f.derived && f.type === 'date').map((f) => [f.key, f] as const))('%s: refuses a date that is not real or not YYYY-MM-DD', (key, f) => {
    for (const bad of ['2024-02-30', '05/08/2024', '1899-12-31']) expect(issueAt(schema, { ...valid, [key]: bad }, key), bad).toBe(checkMessage(f, 'vi'));
    expect(schema.parse({ ...valid, [key]: '' })).toMatchObject({ [key]: null });
  });

  it.each(list.filter((f) => !f.derived && f.pattern).map((f) => [f.key, f] as const))('%s: refuses a value of the wrong shape', (key, f) => {
    expect(issueAt(schema, { ...valid, [key]: 'a b' }, key)).toBe(f.pattern!.vi);
  });

  it.each(list.filter((f) => !f.derived && f.required).map((f) => [f.key, f] as const))('%s: is required', (key) => {
    expect(issueAt(schema, { ...valid, [key]: '' }, key)).toBeDefined();
    expect(issueAt(schema, { ...valid, [key]: undefined }, key)).toBeDefined();
  });

  it.each(list.filter((f) => f.type === 'integer' && !f.derived).map((f) => [f.key] as const))('%s: refuses a negative or fractional count', (key) => {
    expect(issueAt(schema, { ...valid, [key]: -1 }, key)).toBeDefined();
    expect(issueAt(schema, { ...valid, [key]: 1.5 }, key)).toBeDefined();
  });

  it('never takes a derived field as input: it is computed, whatever a caller sends', () => {
    const derived = list.filter((f) => f.derived);
    expect(derived.length).toBeGreaterThan(0);
    const parsed = schema.parse({ ...valid, ...Object.fromEntries(derived.map((f) => [f.key, f.type === 'integer' ? 9 : '2020-01-01'])) }) as Record<string, unknown>;
    for (const f of derived) expect(parsed, f.key).not.toHaveProperty(f.key);
    expect(Object.keys(parsed)).toEqual(editableFields(list).map((f) => f.key));
  });
});

describe('the derived fields the brief names', () => {
  it('are marked derived, and the dossier dates, totals and the document code and pages are among them', () => {
    expect(DOSSIER_FIELDS.filter((f) => 'derived' in f).map((f) => f.key)).toEqual(['startDate', 'endDate', 'totalDoc', 'numberOfPage']);
    expect(DOCUMENT_FIELDS.filter((f) => 'derived' in f).map((f) => f.key)).toEqual(['docCode', 'numberOfPage']);
  });
});

describe('language, multi-valued', () => {
  it('keeps each code once in the list’s order; none picked is unknown (stored as the default, 01)', () => {
    expect(documentMetadataSchema.parse({ ...EMPTY_METADATA, language: ['09', '01', '09'] }).language).toEqual(['01', '09']);
    expect(documentMetadataSchema.parse({ ...EMPTY_METADATA, language: [] }).language).toBeNull();
    expect(issueAt(documentMetadataSchema, { ...EMPTY_METADATA, language: '01' }, 'language')).toBeDefined();
  });
});

describe('the rules across fields', () => {
  it('a digitized dossier (02 Số hóa) needs its paper original’s code', () => {
    const edit = { ...emptyValues(DOSSIER_EDIT_FIELDS), title: 'Hồ sơ' };
    expect(edit.confidenceLevel).toBe('02');
    expect(issueAt(dossierEditSchema, edit, 'paperFileCode')).toBe(
      'Hồ sơ số hóa (mức độ tin cậy 02) phải có mã hồ sơ giấy gốc: ghi mã lưu trữ . kho/giá/hộp . số hồ sơ giấy',
    );
    expect(dossierEditSchema.safeParse({ ...edit, paperFileCode: 'H49.K1.160' }).success).toBe(true);
    expect(dossierEditSchema.safeParse({ ...edit, confidenceLevel: '01' }).success).toBe(true);
    // The dossier code is not part of an edit (fixed at creation): a code sent is dropped.
    expect(dossierEditSchema.parse({ ...edit, paperFileCode: 'H49.K1.160', fileCode: 'X.1' })).not.toHaveProperty('fileCode');
  });

  it('a secret document must have access mode 03 Mật', () => {
    for (const secrecyMark of ['MẬT', 'TỐI MẬT', 'TUYỆT MẬT']) {
      for (const mode of [null, '01', '02']) {
        expect(issueAt(documentMetadataSchema, { ...EMPTY_METADATA, secrecyMark, mode }, 'mode'), `${secrecyMark} ${mode}`).toBe(
          'Văn bản có độ mật phải có chế độ sử dụng «Mật» (03): chọn 03, hoặc bỏ độ mật nếu văn bản không mật',
        );
      }
      expect(documentMetadataSchema.safeParse({ ...EMPTY_METADATA, secrecyMark, mode: '03' }).success).toBe(true);
    }
    // The English wording goes with the issue for the language switch.
    const issue = documentMetadataSchema.safeParse({ ...EMPTY_METADATA, secrecyMark: 'MẬT' }).error?.issues[0];
    expect((issue as { params?: { en?: string } } | undefined)?.params?.en).toMatch(/Confidential/);
  });

  it('the printed type name only with type 32 Khác', () => {
    expect(issueAt(documentMetadataSchema, { ...EMPTY_METADATA, typeName: 'Quyết định', typeNamePrinted: 'Thông tư' }, 'typeNamePrinted')).toMatch(/«Khác» \(32\)/);
    expect(documentMetadataSchema.parse({ ...EMPTY_METADATA, typeName: 'Khác', typeNamePrinted: ' Thông tư ' }).typeNamePrinted).toBe('Thông tư');
  });
});
