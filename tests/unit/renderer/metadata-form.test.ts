import { describe, expect, it } from 'vitest';
import { EMPTY_METADATA, LOW_CONFIDENCE, type DocumentMetadata } from '../../../main/contract/domain';
import type { DocumentIndexView } from '../../../main/contract/metadata-index';
import { documentMarks, mergeProposal, METADATA_FIELDS, METADATA_GROUPS, proposalMarks, proposalValues, sameFormValues, toFormValues, validateMetadataForm } from '../../../renderer/src/lib/metadata-form';

const empty = toFormValues(EMPTY_METADATA);

describe('metadata form values', () => {
  it('turns nulls into empty strings for the inputs', () => {
    expect(Object.keys(empty).sort()).toEqual([...METADATA_FIELDS].sort());
    // Changed with issue 15: fields with a column default (language, confidenceLevel) start at it; a list is `01,09`.
    expect(Object.entries(empty).filter(([, v]) => v !== '')).toEqual([['language', '01'], ['confidenceLevel', '02']]);
    expect(toFormValues({ ...EMPTY_METADATA, language: ['01', '09'] }).language).toBe('01,09');
    expect(toFormValues({ ...EMPTY_METADATA, codeNumber: '15' }).codeNumber).toBe('15');
  });

  it('compares values field by field', () => {
    expect(sameFormValues(empty, { ...empty })).toBe(true);
    expect(sameFormValues(empty, { ...empty, place: 'Bắc Ninh' })).toBe(false);
  });
});

describe('validateMetadataForm', () => {
  it('accepts a complete, valid document and normalizes empties to null', () => {
    const result = validateMetadataForm({
      ...empty,
      typeName: 'Quyết định',
      codeNumber: '15',
      codeNotation: 'QĐ-UBND',
      issuedDate: '2024-08-05',
      place: 'Bắc Ninh',
      subject: '  Về việc phê duyệt kế hoạch  ',
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.metadata.typeName).toBe('Quyết định');
      expect(result.metadata.subject).toBe('Về việc phê duyệt kế hoạch');
      expect(result.metadata.organName).toBeNull();
    }
  });

  it('accepts an empty form (everything unknown)', () => {
    expect(validateMetadataForm(empty).ok).toBe(true);
  });

  it('reads a multi-valued language from its codes, and reports a rule across fields at its field', () => {
    const result = validateMetadataForm({ ...empty, language: '09,01', secrecyMark: 'MẬT', mode: '01' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual(['mode']);
      expect(result.errors.mode?.useMessageInVietnamese).toBe(true);
      expect(result.errors.mode?.messageEn).toMatch(/Confidential/);
    }
    const fixed = validateMetadataForm({ ...empty, language: '09,01', secrecyMark: 'MẬT', mode: '03', docCode: 'H49.1.0000001' });
    expect(fixed.ok && fixed.metadata.language).toEqual(['01', '09']);
    expect(fixed.ok && 'docCode' in fixed.metadata).toBe(false);
  });

  it('reports each bad field with the contract message', () => {
    const result = validateMetadataForm({
      ...empty,
      typeName: 'Thư riêng',
      codeNumber: '15/QĐ',
      codeNotation: 'QĐ UBND',
      issuedDate: '2024-02-30',
      signerName: 'x'.repeat(51),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['codeNotation', 'codeNumber', 'issuedDate', 'signerName', 'typeName']);
      expect(result.errors.issuedDate?.message).toBe('Ngày ban hành phải có dạng YYYY-MM-DD và là ngày có thật');
      expect(result.errors.issuedDate?.useMessageInVietnamese).toBe(true);
      expect(result.errors.typeName?.message).toBe('Loại văn bản không có trong danh mục');
      expect(result.errors.signerName?.key).toBe('validation.tooLong');
      expect(result.errors.signerName?.params).toEqual({ max: 50 });
    }
  });
});

describe('mergeProposal', () => {
  const proposal: DocumentMetadata = {
    ...EMPTY_METADATA,
    typeName: 'Quyết định',
    codeNumber: '15',
    codeNotation: 'QĐ-UBND',
    organName: 'Ủy ban nhân dân tỉnh Bắc Ninh',
    subject: '   ',
  };

  it('fills only empty fields and never overwrites typed ones', () => {
    const typed = { ...empty, codeNumber: '16', place: 'Hà Nội' };
    const { values, filled } = mergeProposal(typed, proposal);
    expect(values.codeNumber).toBe('16');
    expect(values.place).toBe('Hà Nội');
    expect(values.typeName).toBe('Quyết định');
    expect(values.codeNotation).toBe('QĐ-UBND');
    expect(values.organName).toBe('Ủy ban nhân dân tỉnh Bắc Ninh');
    expect(filled).toEqual(['typeName', 'codeNotation', 'organName']);
  });

  it('treats whitespace as empty but ignores blank proposals', () => {
    const { values, filled } = mergeProposal({ ...empty, typeName: '  ' }, proposal);
    expect(values.typeName).toBe('Quyết định');
    expect(values.subject).toBe('');
    expect(filled).not.toContain('subject');
  });

  it('does nothing when there is nothing to propose', () => {
    expect(mergeProposal(empty, EMPTY_METADATA)).toEqual({ values: empty, filled: [] });
  });
});

describe('the form’s groups', () => {
  it('show every field exactly once, the derived ones among them', () => {
    const grouped = METADATA_GROUPS.flatMap((g) => g.fields);
    expect([...grouped].sort()).toEqual([...METADATA_FIELDS].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(METADATA_GROUPS.find((g) => g.id === 'description')?.fields).toContain('docCode');
  });

  it('name the marks to show in red, secrecy first', () => {
    expect(documentMarks({ secrecyMark: 'TỐI MẬT', urgencyMark: 'HỎA TỐC' })).toEqual(['TỐI MẬT', 'HỎA TỐC']);
    expect(documentMarks({ secrecyMark: null, urgencyMark: '' })).toEqual([]);
  });
});

describe('proposalMarks', () => {
  const view: DocumentIndexView = {
    documentId: 1,
    proposals: {
      typeName: { value: 'Quyết định', confidence: 91, words: [{ pageId: 4, index: 12 }], proposedAt: 't', reader: 'text-evidence' },
      signerName: { value: 'Võ Tuấn Anh', confidence: 38.4, words: [{ pageId: 5, index: 90 }], proposedAt: 't', reader: 'text-evidence' },
      place: { value: 'Hà Nội', confidence: 95, words: [{ pageId: 4, index: 20 }], proposedAt: 't', reader: 'text-evidence' },
      subject: { value: 'Về việc treo cờ', confidence: 88, words: [], proposedAt: 't', reader: 'text-evidence' },
    },
    origins: {
      typeName: { origin: 'proposal', setAt: 't' },
      signerName: { origin: 'proposal', setAt: 't' },
      place: { origin: 'person', setBy: 'lan.pt', setAt: 't' },
      subject: { origin: 'proposal', setAt: 't' },
    },
  };
  const values = { ...empty, typeName: 'Quyết định', signerName: 'Võ Tuấn Anh', place: 'Hà Nội', subject: 'Về việc treo cờ Tổ quốc' };

  it('marks the values applied from a proposal, prominently below LOW_CONFIDENCE, with their words', () => {
    const marks = proposalMarks(view, values);
    expect(marks.typeName).toEqual({ confidence: 91, low: false, words: [{ pageId: 4, index: 12 }] });
    expect(marks.signerName).toMatchObject({ low: true, words: [{ pageId: 5, index: 90 }] });
    const atThreshold: DocumentIndexView = { ...view, proposals: { ...view.proposals, signerName: { ...view.proposals.signerName!, confidence: LOW_CONFIDENCE } } };
    expect(proposalMarks(atThreshold, values).signerName?.low).toBe(false);
  });

  it('marks no field a person set, nor one whose shown value is not the proposal (typed over, or edited by hand)', () => {
    const marks = proposalMarks(view, values);
    expect(marks.place).toBeUndefined();
    expect(marks.subject).toBeUndefined();
    expect(proposalMarks(view, { ...values, typeName: 'Công văn' }).typeName).toBeUndefined();
    expect(proposalMarks(null, values)).toEqual({});
  });

  it('gives the stored values to merge into the empty fields', () => {
    expect(mergeProposal(empty, proposalValues(view)).filled).toEqual(['typeName', 'place', 'subject', 'signerName']);
  });
});
