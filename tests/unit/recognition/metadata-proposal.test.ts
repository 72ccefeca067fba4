import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentMetadataSchema, EMPTY_METADATA } from '../../../main/contract/domain';
import type { DocumentMetadata } from '../../../main/contract/domain';
import { proposeMetadata } from '../../../main/recognition/metadata-proposal';
import { REAL_PAGE_TRUTH as EXPECTED } from '../../support/real-page-truth';
import { REAL_PAGES_DIR } from '../../support/temp-dir';

interface GroundTruth {
  doc_id: string;
  text: string;
}

const groundTruth = new Map(
  readFileSync(path.join(REAL_PAGES_DIR, '..', 'ground-truth.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as GroundTruth)
    .map((record) => [record.doc_id, record.text]),
);

const HANOI_PEOPLES_COMMITTEE = 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI';

function propose(text: string): DocumentMetadata {
  const proposal = proposeMetadata(text);
  expect(documentMetadataSchema.parse(proposal)).toEqual(proposal);
  return proposal;
}

describe('proposeMetadata on the nine real transcriptions', () => {
  it('has a transcription for every expected document', () => {
    expect([...groundTruth.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [docId, expected] of Object.entries(EXPECTED)) {
    it(docId, () => {
      // The text-only proposer has no field for the printed type of a «Khác» document.
      const { typeNamePrinted: _printed, ...fields } = expected;
      expect(propose(groundTruth.get(docId) ?? '')).toEqual({ ...EMPTY_METADATA, ...fields });
    });
  }

  it('joins the lines of an abstract and stops before the authority line and the body', () => {
    expect(propose(groundTruth.get('real_qd_729_ttg') ?? '').subject).toBe(
      'Phê chuẩn kết quả bầu chức vụ Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031',
    );
    expect(propose(groundTruth.get('real_hanoi_tb_453_flag') ?? '').subject).toBe('Về việc treo cờ Tổ quốc');
  });

  it('keeps the punctuation that ends a wrapped abstract line', () => {
    expect(propose(groundTruth.get('real_qd_707_ttg') ?? '').subject).toContain('Nhóm Châu Á - Thái Bình Dương');
  });

  it('reads a công văn abstract from its V/v lines up to the date', () => {
    expect(propose(groundTruth.get('real_cv_3722_metro') ?? '').subject).toBe(
      'V/v cơ chế đặc thù xây dựng công trình khẩn cấp đối với Dự án kéo dài tuyến Metro Bến Thành - Suối Tiên ' +
        'đến Trung tâm hành chính tỉnh và Cảng hàng không quốc tế Long Thành',
    );
  });
});

describe('proposeMetadata on OCR-like text', () => {
  const mergedHeader = [
    'PS.',
    'THỦ TƯỚNG CHÍNH PHU CỘNG HOA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    '_— Độc lập - Tự do - Hạnh phúc',
    'Sé: 129 /QĐ-TTg Ha Nội, ngày23 tháng 4 năm 2026',
    '"GONG THONG TIN ĐIỆN TỬ CHÍNH PHỦ',
    '',
    'QUYẾT ĐỊNH',
    'Phê chuẩn kết quả bầu chức vụ Chủ tịch',
    'Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031',
    '',
    'THỦ TƯỚNG CHÍNH PHỦ',
    'Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 02 năm 2025;',
  ].join('\n');

  it('splits merged header columns and restores diacritics OCR lost in known names', () => {
    expect(propose(mergedHeader)).toEqual({
      ...EMPTY_METADATA,
      typeName: 'Quyết định', codeNumber: '129', codeNotation: 'QĐ-TTg', issuedDate: '2026-04-23', place: 'Hà Nội',
      organName: 'THỦ TƯỚNG CHÍNH PHỦ',
      subject: 'Phê chuẩn kết quả bầu chức vụ Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031',
      signerPosition: null, signerName: null,
    });
  });

  it('reads a two-line issuing body from two merged header lines, and a blank day as no date', () => {
    const proposal = propose(
      [
        'ỦY BAN NHÂN DÂN ~~ CONG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'THANH PHO HA NỘI Đột lập — Tự do — Hạnh phúc',
        'Số: /QĐ-UBND Hà Nội, ngày tháng 8 năm 2024',
        'QUYẾT ĐỊNH',
        'Về việc phê duyệt kế hoạch',
      ].join('\n'),
    );
    expect(proposal).toMatchObject({
      organName: HANOI_PEOPLES_COMMITTEE, codeNumber: null, codeNotation: 'QĐ-UBND', issuedDate: null, place: 'Hà Nội',
      typeName: 'Quyết định', subject: 'Về việc phê duyệt kế hoạch',
    });
  });

  it('tolerates a misread Số, missing spaces and a D read for Đ', () => {
    const proposal = propose('UBND TỈNH BẮC NINH\nS6:15/QD-UBND\nBắc Ninh, ngày 05 tháng 8 năm 2024');
    expect(proposal).toMatchObject({
      codeNumber: '15', codeNotation: 'QĐ-UBND', typeName: 'Quyết định', issuedDate: '2024-08-05', place: 'Bắc Ninh',
      organName: 'UBND TỈNH BẮC NINH',
    });
  });

  it('takes "Sá:" (the ố of Số lost under a stamp) for the number line', () => {
    expect(propose('THỦ TƯỚNG CHÍNH PHỦ\nSá: 129 /QĐ-TTg\nHà Nội, ngày 23 tháng 4 năm 2026')).toMatchObject({ codeNumber: '129', codeNotation: 'QĐ-TTg' });
  });

  it('leaves the number and notation empty when handwriting was read as noise', () => {
    const proposal = propose(
      ['THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'sé: Fo¥ /Qb- TTg Ha Nội, ngày8®tháng 4 năm 2026', '— QUYẾT ĐỊNH', 'Về việc ban hành Kế hoạch'].join('\n'),
    );
    expect(proposal).toMatchObject({ codeNumber: null, codeNotation: null, issuedDate: null, place: 'Hà Nội', typeName: 'Quyết định' });
  });

  it('refuses an unreadable date but keeps the place', () => {
    const proposal = propose('BỘ CÔNG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 37/2026/TT-BCA Ha Nội, ngày.2 tháng 4 năm 2026');
    expect(proposal).toMatchObject({ issuedDate: null, place: 'Hà Nội', codeNumber: '37', codeNotation: '2026/TT-BCA', typeName: 'Khác' });
  });

  it('refuses a date that does not exist', () => {
    expect(propose('Số: 1/QĐ-UBND\nHà Nội, ngày 31 tháng 2 năm 2024').issuedDate).toBeNull();
  });

  it('recognises a công văn by its V/v line and cuts the abstract where a stamp is merged in', () => {
    const proposal = propose(
      [
        'ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'TỈNH BẮC NINH Độc lập - Tự do - Hạnh phúc',
        'Số: 12/UBND-VX Bắc Ninh, ngày 3 tháng 5 năm 2024',
        'V/v tăng cường quản lý',
        'di tích lịch sử VĂN BẢN ĐẾN SỐ',
        'trên địa bàn tỉnh Ngày 4/5',
        '',
        'Kính gửi: Sở Văn hóa',
      ].join('\n'),
    );
    expect(proposal).toMatchObject({
      typeName: 'Công văn', codeNumber: '12', codeNotation: 'UBND-VX', organName: 'ỦY BAN NHÂN DÂN TỈNH BẮC NINH',
      subject: 'V/v tăng cường quản lý di tích lịch sử', issuedDate: '2024-05-03',
    });
  });

  it('takes the type from the notation when the type line was not read', () => {
    expect(propose('SỞ Y TẾ\nSố: 45/BC-SYT\nA) ) AO CÁO').typeName).toBe('Báo cáo');
  });

  it('reads type lines without diacritics and maps types outside the list to Khác', () => {
    expect(propose('Số: 3/NQ-HĐND\n. NGHI QUYET\nVề việc thông qua').typeName).toBe('Nghị quyết');
    expect(propose('Số: 8/2024/TT-BTC\nTHÔNG TƯ\nQuy định về phí').typeName).toBe('Khác');
  });

  it('does not take the body heading `QUYẾT ĐỊNH:` for the type line', () => {
    const proposal = propose('Số: 5/XYZ-ABC\nCăn cứ Luật;\nQUYẾT ĐỊNH:\nĐiều 1. Phê duyệt');
    expect(proposal.typeName).toBeNull();
    expect(proposal.subject).toBeNull();
  });

  it('reads a signature block merged with the recipients column, and skips a place that looks like a name', () => {
    const proposal = propose(
      [
        'Điều 3. Các cơ quan chịu trách nhiệm thi hành Quyết định này./.',
        'Nơi nhận: TM. ỦY BAN NHÂN DÂN',
        '- Như Điều 3; KT CHỦ TICH',
        '- UBND các xã, phường; PHO CHỦ TỊCH',
        '- UBND TP. Hồ Chí Minh',
        '- Lưu: VT, KGVX.',
        '',
        'Nguyễn Văn An',
      ].join('\n'),
    );
    expect(proposal).toMatchObject({ signerPosition: 'PHÓ CHỦ TỊCH', signerName: 'Nguyễn Văn An' });
  });

  it('gives no position when only the authority line was read (signed on behalf of the head)', () => {
    const proposal = propose('thi hành Quyết định này./.\nNơi nhận: KT. BỘ TRƯỞNG\n- Như trên;\nLê Văn Bình');
    expect(proposal).toMatchObject({ signerPosition: null, signerName: 'Lê Văn Bình' });
  });

  it('does not take a recipient or a name in the body for the signer', () => {
    const proposal = propose(
      'Điều 1. Bổ nhiệm ông Trần Văn Cường\nNơi nhận:\n- PTTg Phạm Gia Túc (để b/c);\n- VPCP: BTCN, PCN Phạm Mạnh Cường,\n- Lưu: VT.',
    );
    expect(proposal).toMatchObject({ signerPosition: null, signerName: null });
  });

  it('proposes nothing for a body page without a header', () => {
    const bodyPage = [
      '2. Yêu cầu',
      '- Tổ chức trang trọng, an toàn, tiết kiệm; hoàn thành trước ngày 10 tháng 5 năm 2026.',
      'Căn cứ Kế hoạch số 128/KH-UBND ngày 30/3/2026 của UBND Thành phố, Hà Nội, ngày 5 tháng 4 năm 2026.',
      'II. NỘI DUNG',
    ].join('\n');
    expect(propose(bodyPage)).toEqual(EMPTY_METADATA);
    expect(propose('')).toEqual(EMPTY_METADATA);
  });

  it('restores a known name only from a plausible misreading, not from a different word', () => {
    const organ = (left: string) => propose(`${left} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1/QĐ-BQL`).organName;
    expect(organ('VAN PHONG CHINH PHU')).toBe('VĂN PHÒNG CHÍNH PHỦ');
    expect(organ('BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG')).toBe('BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG');
  });

  it('drops values longer than the TT 05/2025 maxima instead of cutting them', () => {
    const longOrgan = Array.from({ length: 30 }, () => 'BAN QUẢN LÝ DỰ ÁN').join(' ');
    const proposal = propose(`${longOrgan} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1/QĐ-BQL`);
    expect(proposal.organName).toBeNull();
    expect(proposal.codeNotation).toBe('QĐ-BQL');
  });
});
