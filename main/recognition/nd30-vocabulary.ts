// The vocabulary of Nghị định 30 documents (docs/domain.md §5): printed types outside the TT 05/2025
// list, type abbreviations of notations, places, issuing bodies' words, signers' titles, family names.
// Shared by the text-only proposer (metadata-proposal.ts) and the layout reader (nd30-layout.ts).
import type { DocumentTypeName } from '../contract/domain';

/** Printed type lines that are not in the TT 05/2025 list (legal normative documents). */
export const OTHER_TYPE_LINES = ['THÔNG TƯ LIÊN TỊCH', 'THÔNG TƯ', 'NGHỊ ĐỊNH', 'PHÁP LỆNH'];

/** Type abbreviations in a notation (§5.5). TT, TTLT and NĐ are legal types outside the list. */
export const TYPE_ABBREVIATIONS: Record<string, DocumentTypeName> = {
  NQ: 'Nghị quyết', QĐ: 'Quyết định', CT: 'Chỉ thị', QC: 'Quy chế', QyĐ: 'Quy định', TC: 'Thông cáo',
  TB: 'Thông báo', HD: 'Hướng dẫn', CTr: 'Chương trình', KH: 'Kế hoạch', PA: 'Phương án', ĐA: 'Đề án',
  DA: 'Dự án', BC: 'Báo cáo', BB: 'Biên bản', TTr: 'Tờ trình', HĐ: 'Hợp đồng', CĐ: 'Công điện',
  BGN: 'Bản ghi nhớ', BTT: 'Bản thỏa thuận', GUQ: 'Giấy ủy quyền', GM: 'Giấy mời', GGT: 'Giấy giới thiệu',
  GNP: 'Giấy nghỉ phép', PG: 'Phiếu gửi', PC: 'Phiếu chuyển', PB: 'Phiếu báo', TT: 'Khác', TTLT: 'Khác', NĐ: 'Khác',
};

/** Notation parts written in mixed case; any other lower-case letter in a notation is OCR noise. */
export const MIXED_CASE_PARTS = new Set(['TTg', 'TTr', 'CTr', 'QyĐ', 'TrS']);

/** The 63 provinces and cities before the 2025 merger; the 34 after it keep names from this list (and Huế). */
export const PLACES = (
  'An Giang,Bà Rịa - Vũng Tàu,Bắc Giang,Bắc Kạn,Bạc Liêu,Bắc Ninh,Bến Tre,Bình Định,Bình Dương,Bình Phước,' +
  'Bình Thuận,Cà Mau,Cần Thơ,Cao Bằng,Đà Nẵng,Đắk Lắk,Đắk Nông,Điện Biên,Đồng Nai,Đồng Tháp,Gia Lai,Hà Giang,' +
  'Hà Nam,Hà Nội,Hà Tĩnh,Hải Dương,Hải Phòng,Hậu Giang,Hòa Bình,Hồ Chí Minh,Huế,Hưng Yên,Khánh Hòa,Kiên Giang,' +
  'Kon Tum,Lai Châu,Lâm Đồng,Lạng Sơn,Lào Cai,Long An,Nam Định,Nghệ An,Ninh Bình,Ninh Thuận,Phú Thọ,Phú Yên,' +
  'Quảng Bình,Quảng Nam,Quảng Ngãi,Quảng Ninh,Quảng Trị,Sóc Trăng,Sơn La,Tây Ninh,Thái Bình,Thái Nguyên,' +
  'Thanh Hóa,Thừa Thiên Huế,Tiền Giang,Trà Vinh,Tuyên Quang,Vĩnh Long,Vĩnh Phúc,Yên Bái'
).split(',');

/**
 * Words of issuing bodies, in their printed capitals. OCR often loses a diacritic in the header
 * (CHÍNH PHU, THANH PHO HA NỘI); a phrase it may have misread from one of these is restored.
 */
export const ORGAN_PHRASES = [
  'CHÍNH PHỦ', 'THỦ TƯỚNG', 'VĂN PHÒNG', 'ỦY BAN NHÂN DÂN', 'HỘI ĐỒNG NHÂN DÂN', 'THÀNH PHỐ', 'QUỐC HỘI',
  'BỘ CÔNG AN', 'BỘ CÔNG THƯƠNG', 'BỘ TÀI CHÍNH', 'BỘ NỘI VỤ', 'BỘ TƯ PHÁP', 'BỘ XÂY DỰNG', 'BỘ NGOẠI GIAO',
  'BỘ QUỐC PHÒNG', 'BỘ Y TẾ', 'BỘ GIÁO DỤC VÀ ĐÀO TẠO', 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG', 'BỘ KHOA HỌC VÀ CÔNG NGHỆ',
  'BỘ DÂN TỘC VÀ TÔN GIÁO', 'NGÂN HÀNG NHÀ NƯỚC', 'THANH TRA', ...PLACES.map((place) => place.toUpperCase()),
];

/** Signers' titles (the position line of the signature block). */
export const TITLES = [
  'THỦ TƯỚNG', 'BỘ TRƯỞNG', 'THỨ TRƯỞNG', 'CHỦ TỊCH', 'CHỦ NHIỆM', 'CHÁNH VĂN PHÒNG', 'TỔNG GIÁM ĐỐC', 'GIÁM ĐỐC',
  'TỔNG CỤC TRƯỞNG', 'CỤC TRƯỞNG', 'VỤ TRƯỞNG', 'TRƯỞNG BAN', 'TRƯỞNG PHÒNG', 'CHÁNH THANH TRA', 'CHÁNH ÁN',
  'VIỆN TRƯỞNG', 'HIỆU TRƯỞNG', 'THỐNG ĐỐC', 'TỔNG THƯ KÝ', 'BÍ THƯ', 'TỔNG KIỂM TOÁN', 'TRƯỞNG CÔNG AN',
  'CHỈ HUY TRƯỞNG', 'THỦ TRƯỞNG',
];
export const POSITION_WORDS = ['PHÓ', 'THƯỜNG TRỰC', ...TITLES];

/** Common family names: a signer's name is only taken when it starts with one of them. */
export const SURNAMES = (
  'Nguyễn,Trần,Lê,Phạm,Hoàng,Huỳnh,Phan,Vũ,Võ,Đặng,Bùi,Đỗ,Hồ,Ngô,Dương,Lý,Trương,Đinh,Lâm,Mai,Trịnh,Đào,Cao,' +
  'Lương,Hà,Tạ,Đoàn,Văn,Chu,Lưu,Tô,Kiều,Thái,Triệu,Quách,Phùng,Lại,Vương,Tăng,Châu,Tống,Thân,Khổng,Nghiêm,' +
  'La,Tôn,Mạc,Giang,Hứa,Âu,Doãn,Đồng,Đàm,Khúc,Lò,Lục,Nông,Hầu,Ninh,Diệp,Từ,Đậu,Bạch,Thạch,Kim,Cù,Trình,Lữ'
).split(',');

/**
 * Words of local bodies' names (administrative levels, the usual departments), restored in the layout
 * reader's issuing body besides ORGAN_PHRASES. PHÒNG is left out: VÂN PHONG is a place, not a misread.
 */
export const LOCAL_ORGAN_WORDS = [
  'TỈNH', 'HUYỆN', 'XÃ', 'PHƯỜNG', 'THỊ XÃ', 'THỊ TRẤN', 'QUẬN', 'SỞ', 'NỘI VỤ', 'TÀI CHÍNH', 'Y TẾ', 'XÂY DỰNG', 'TƯ PHÁP',
  'TÀI NGUYÊN VÀ MÔI TRƯỜNG', 'GIÁO DỤC VÀ ĐÀO TẠO', 'KẾ HOẠCH VÀ ĐẦU TƯ', 'KẾ HOẠCH', 'VĂN HÓA', 'THỂ THAO', 'DU LỊCH', 'NHÂN DÂN',
  'GIAO THÔNG VẬN TẢI', 'NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN', 'LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI', 'CÔNG THƯƠNG', 'THÔNG TIN VÀ TRUYỀN THÔNG',
  'KHOA HỌC VÀ CÔNG NGHỆ', 'TÀI CHÍNH - KẾ HOẠCH',
];
