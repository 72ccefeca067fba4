// The archival fields of the nine real pages of vn-admin-real (../shared/datasets/vn-admin-real), read
// off each transcription by hand: what auto-indexing should propose for each page. Each page is the
// first page of its document; a longer document's first page has no signature block (signer null).
// Shared by the text-only proposer's test and by `npm run bench:indexing`.
import type { DocumentMetadata } from '../../main/contract/domain';

export type RealPageTruth = Pick<
  DocumentMetadata,
  'typeName' | 'typeNamePrinted' | 'codeNumber' | 'codeNotation' | 'issuedDate' | 'place' | 'organName' | 'subject' | 'signerPosition' | 'signerName'
>;

const HANOI_PEOPLES_COMMITTEE = 'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI';

export const REAL_PAGE_TRUTH: Record<string, RealPageTruth> = {
  real_qd_729_ttg: {
    typeName: 'Quyết định', typeNamePrinted: null, codeNumber: '729', codeNotation: 'QĐ-TTg', issuedDate: '2026-04-23', place: 'Hà Nội',
    organName: 'THỦ TƯỚNG CHÍNH PHỦ', subject: 'Phê chuẩn kết quả bầu chức vụ Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng nhiệm kỳ 2026 - 2031',
    signerPosition: 'PHÓ THỦ TƯỚNG', signerName: 'Lê Minh Hưng',
  },
  real_cv_3722_metro: {
    typeName: 'Công văn', typeNamePrinted: null, codeNumber: '3722', codeNotation: 'VPCP-CN', issuedDate: '2026-04-28', place: 'Hà Nội',
    organName: 'VĂN PHÒNG CHÍNH PHỦ',
    subject:
      'V/v cơ chế đặc thù xây dựng công trình khẩn cấp đối với Dự án kéo dài tuyến Metro Bến Thành - Suối Tiên ' +
      'đến Trung tâm hành chính tỉnh và Cảng hàng không quốc tế Long Thành',
    signerPosition: 'PHÓ CHỦ NHIỆM', signerName: 'Phạm Mạnh Cường',
  },
  real_nq_115_ba_vi: {
    typeName: 'Nghị quyết', typeNamePrinted: null, codeNumber: '115', codeNotation: 'NQ-CP', issuedDate: '2026-04-29', place: 'Hà Nội',
    organName: 'CHÍNH PHỦ', subject: 'Về việc chuyển giao Vườn quốc gia Ba Vì về Ủy ban nhân dân Thành phố Hà Nội quản lý',
    signerPosition: null, signerName: null,
  },
  real_qd_707_ttg: {
    typeName: 'Quyết định', typeNamePrinted: null, codeNumber: '707', codeNotation: 'QĐ-TTg', issuedDate: '2026-04-22', place: 'Hà Nội',
    organName: 'THỦ TƯỚNG CHÍNH PHỦ',
    subject:
      'Về việc ban hành Kế hoạch hành động quốc gia về phòng, chống rửa tiền, tài trợ khủng bố và tài trợ phổ biến vũ khí hủy diệt ' +
      'hàng loạt giai đoạn 2026 - 2030, chuẩn bị cho đánh giá đa phương lần 3 của Nhóm Châu Á - Thái Bình Dương về chống rửa tiền (APG) đối với Việt Nam',
    signerPosition: null, signerName: null,
  },
  real_tt_21_bct_fuel: {
    // Thông tư is not in the TT 05/2025 list of types.
    typeName: 'Khác', typeNamePrinted: 'Thông tư', codeNumber: '21', codeNotation: '2026/TT-BCT', issuedDate: '2026-04-28', place: 'Hà Nội',
    organName: 'BỘ CÔNG THƯƠNG',
    subject:
      'Bãi bỏ một phần khoản 2 Điều 1 của Thông tư số 18/2025/TT-BCT ngày 13 tháng 3 năm 2025 của Bộ trưởng Bộ Công Thương sửa đổi, ' +
      'bổ sung, bãi bỏ một số quy định tại các Thông tư quy định về kinh doanh xăng dầu',
    signerPosition: null, signerName: null,
  },
  real_hanoi_qd_2280_water: {
    // Born-digital copy: number and day left blank for the signer.
    typeName: 'Quyết định', typeNamePrinted: null, codeNumber: null, codeNotation: 'QĐ-UBND', issuedDate: null, place: 'Hà Nội',
    organName: HANOI_PEOPLES_COMMITTEE, subject: 'Phê duyệt Kế hoạch Bảo đảm thoát nước, chống úng ngập khu vực nội thành Thành phố mùa mưa năm 2026',
    signerPosition: 'PHÓ CHỦ TỊCH', signerName: 'Trương Việt Dũng',
  },
  real_hanoi_tb_453_flag: {
    typeName: 'Thông báo', typeNamePrinted: null, codeNumber: null, codeNotation: 'TB-UBND', issuedDate: null, place: 'Hà Nội',
    organName: HANOI_PEOPLES_COMMITTEE, subject: 'Về việc treo cờ Tổ quốc',
    signerPosition: 'PHÓ CHÁNH VĂN PHÒNG', signerName: 'Võ Tuấn Anh',
  },
  real_hanoi_kh_173_festival: {
    typeName: 'Kế hoạch', typeNamePrinted: null, codeNumber: null, codeNotation: 'KH-UBND', issuedDate: null, place: 'Hà Nội',
    organName: HANOI_PEOPLES_COMMITTEE, subject: 'Tổ chức "Festival Thăng Long - Hà Nội lần thứ II, năm 2026"',
    signerPosition: null, signerName: null,
  },
  real_tt_37_bca_vehicle: {
    typeName: 'Khác', typeNamePrinted: 'Thông tư', codeNumber: '37', codeNotation: '2026/TT-BCA', issuedDate: '2026-04-24', place: 'Hà Nội',
    organName: 'BỘ CÔNG AN', subject: 'Sửa đổi, bổ sung một số điều của các Thông tư quy định về đăng ký, kiểm định phương tiện',
    signerPosition: null, signerName: null,
  },
};
