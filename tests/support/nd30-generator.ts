// Administrative documents laid out as Nghị định 30/2020 lays them out (docs/domain.md §5), with their
// archival fields known, for the layout reader's tests and for `npm run bench:indexing`. A document is
// first planned (the truth and every printed line with its place, font and words' boxes), then each page
// is printed on a sheet and scanned as realisticScan scans one (bed, skew, lamp, noise, seal, JPEG…).
// The planned words are what the renderer drew, so tests can build a reader's input from them without OCR.
// Seeded and deterministic: the same seed gives the same documents, pixels and all.
import { createCanvas } from '@napi-rs/canvas';
import type { LayoutPage, LayoutWord, SecrecyMark, UrgencyMark } from '../../main/contract/metadata-proposals';
import {
  between, bodyLines, centred, drawSeal, font, fontsReady, pick, realisticScanOf, seededRandom, underline,
  type Context, type RealisticScan, type ScanEncoding,
} from './page-generator';

/** The fields a document is indexed by, as the reader must propose them (null: not printed). */
export interface Nd30Truth {
  typeName: string;
  /** The printed type for a type outside the TT 05/2025 list (typeName «Khác»), e.g. «Thông tư». */
  typeNamePrinted: string | null;
  codeNumber: string | null;
  codeNotation: string;
  issuedDate: string | null;
  place: string;
  organName: string;
  subject: string;
  signerPosition: string | null;
  signerName: string;
  secrecy: SecrecyMark | null;
  urgency: UrgencyMark | null;
}

type Style = 'regular' | 'bold' | 'italic';

/** A printed line: its text, where its left end and baseline are (mm on the sheet), its font. */
export interface PlannedLine {
  text: string;
  /** mm from the sheet's left edge to the line's centre (centred) or left end. */
  x: number;
  /** mm from the top to the baseline. */
  y: number;
  pt: number;
  style: Style;
  align: 'centre' | 'left';
  /** Drawn in a stamped box (secrecy and urgency marks). */
  boxed?: boolean;
}

export interface PlannedPage {
  lines: PlannedLine[];
  /** The signature strokes and red seal, centred at this point (mm), on the last page. */
  seal: { x: number; y: number } | null;
  /** An incoming-document stamp (dấu ĐẾN) at this point (mm), on some first pages. */
  incomingStamp: { x: number; y: number } | null;
}

export interface Nd30Document {
  id: string;
  seed: number;
  dpi: number;
  truth: Nd30Truth;
  pages: PlannedPage[];
}

// ---------------------------------------------------------------------------------------------
// Issuers, types, subjects, signers

interface Issuer {
  parent: string | null;
  organ: string[];
  /** The body part of a notation (UBND, STNMT…). */
  body: string;
  place: string;
  /** Head of the body (the signer's position), and the collective name for TM. */
  head: string;
  deputy: string;
  collective: string | null;
  /** Department codes for a công văn's notation (UBND-VX). */
  units: string[];
}

const PROVINCES = ['Bắc Ninh', 'Nghệ An', 'Quảng Trị', 'Lào Cai', 'Thanh Hóa', 'Đồng Tháp', 'Khánh Hòa', 'Thái Nguyên', 'Hưng Yên', 'Gia Lai', 'Lâm Đồng', 'Cà Mau'];
const DISTRICTS: Array<[string, string]> = [['HUYỆN', 'Gia Lâm'], ['HUYỆN', 'Đông Anh'], ['HUYỆN', 'Yên Thành'], ['THỊ XÃ', 'Sơn Tây'], ['HUYỆN', 'Cam Lộ'], ['THÀNH PHỐ', 'Vinh']];
const COMMUNES: Array<[string, string]> = [['XÃ', 'Tân Lập'], ['XÃ', 'Minh Đức'], ['PHƯỜNG', 'Quang Trung'], ['XÃ', 'Hòa Bình'], ['THỊ TRẤN', 'Phố Mới']];
const DEPARTMENTS: Array<[string, string]> = [
  ['SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG', 'STNMT'], ['SỞ NỘI VỤ', 'SNV'], ['SỞ TÀI CHÍNH', 'STC'], ['SỞ Y TẾ', 'SYT'],
  ['SỞ GIÁO DỤC VÀ ĐÀO TẠO', 'SGDĐT'], ['SỞ XÂY DỰNG', 'SXD'], ['SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH', 'SVHTTDL'],
];
const OFFICES: Array<[string, string]> = [['PHÒNG TÀI CHÍNH - KẾ HOẠCH', 'TCKH'], ['PHÒNG NỘI VỤ', 'NV'], ['PHÒNG GIÁO DỤC VÀ ĐÀO TẠO', 'GDĐT'], ['PHÒNG TƯ PHÁP', 'TP']];
const MINISTRIES: Array<[string, string]> = [['BỘ TÀI CHÍNH', 'BTC'], ['BỘ NỘI VỤ', 'BNV'], ['BỘ Y TẾ', 'BYT'], ['BỘ XÂY DỰNG', 'BXD'], ['BỘ CÔNG THƯƠNG', 'BCT']];

const upper = (text: string): string => text.toLocaleUpperCase('vi');

function issuer(rnd: () => number, kind: 'province' | 'district' | 'commune' | 'department' | 'office' | 'cabinet' | 'council' | 'ministry'): Issuer {
  const province = pick(rnd, PROVINCES);
  switch (kind) {
    case 'province':
      return { parent: null, organ: ['ỦY BAN NHÂN DÂN', `TỈNH ${upper(province)}`], body: 'UBND', place: province, head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH', collective: 'ỦY BAN NHÂN DÂN', units: ['VX', 'KT', 'NC', 'TH'] };
    case 'district': {
      const [level, name] = pick(rnd, DISTRICTS);
      return { parent: null, organ: ['ỦY BAN NHÂN DÂN', `${level} ${upper(name)}`], body: 'UBND', place: name, head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH', collective: 'ỦY BAN NHÂN DÂN', units: ['VP', 'TCKH'] };
    }
    case 'commune': {
      const [level, name] = pick(rnd, COMMUNES);
      // A commune's documents carry its own name as the place (NĐ 30: the commune-level địa danh).
      return { parent: rnd() < 0.5 ? `HUYỆN ${upper(pick(rnd, DISTRICTS)[1])}` : null, organ: ['ỦY BAN NHÂN DÂN', `${level} ${upper(name)}`], body: 'UBND', place: name, head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH', collective: 'ỦY BAN NHÂN DÂN', units: ['VP'] };
    }
    case 'department': {
      const [name, body] = pick(rnd, DEPARTMENTS);
      return { parent: `UBND TỈNH ${upper(province)}`, organ: [name], body, place: province, head: 'GIÁM ĐỐC', deputy: 'PHÓ GIÁM ĐỐC', collective: null, units: ['VP', 'KHTC', 'TCCB'] };
    }
    case 'office': {
      const [name, body] = pick(rnd, OFFICES);
      const [level, district] = pick(rnd, DISTRICTS);
      return { parent: `UBND ${level} ${upper(district)}`, organ: [name], body, place: district, head: 'TRƯỞNG PHÒNG', deputy: 'PHÓ TRƯỞNG PHÒNG', collective: null, units: [] };
    }
    case 'cabinet':
      return { parent: null, organ: ['VĂN PHÒNG ỦY BAN NHÂN DÂN', `TỈNH ${upper(province)}`], body: 'VP', place: province, head: 'CHÁNH VĂN PHÒNG', deputy: 'PHÓ CHÁNH VĂN PHÒNG', collective: null, units: ['KGVX', 'TH', 'KT'] };
    case 'council':
      return { parent: null, organ: ['HỘI ĐỒNG NHÂN DÂN', `TỈNH ${upper(province)}`], body: 'HĐND', place: province, head: 'CHỦ TỊCH', deputy: 'PHÓ CHỦ TỊCH', collective: null, units: [] };
    case 'ministry': {
      const [name, body] = pick(rnd, MINISTRIES);
      return { parent: null, organ: [name], body, place: 'Hà Nội', head: 'BỘ TRƯỞNG', deputy: 'THỨ TRƯỞNG', collective: null, units: ['VP', 'TCCB', 'KHTC'] };
    }
  }
}

interface DocumentKind {
  /** The type line as printed (none for a công văn). */
  typeLine: string | null;
  typeName: string;
  typeNamePrinted: string | null;
  /** Type abbreviation of the notation (none for a công văn). */
  abbreviation: string | null;
  issuers: Array<Parameters<typeof issuer>[1]>;
  subjects: string[];
}

const KINDS: DocumentKind[] = [
  {
    typeLine: 'QUYẾT ĐỊNH', typeName: 'Quyết định', typeNamePrinted: null, abbreviation: 'QĐ', issuers: ['province', 'district', 'commune', 'department'],
    subjects: [
      'Về việc phê duyệt Kế hoạch số hóa tài liệu lưu trữ giai đoạn 2024 - 2026',
      'Về việc thành lập Tổ công tác triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử',
      'Phê duyệt danh mục hồ sơ, tài liệu có giá trị bảo quản vĩnh viễn',
      'Về việc giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2025',
      'Ban hành Quy chế làm việc của Ủy ban nhân dân nhiệm kỳ 2021 - 2026',
      'Về việc công bố danh mục thủ tục hành chính được sửa đổi, bổ sung trong lĩnh vực đất đai thuộc phạm vi chức năng quản lý của Sở Tài nguyên và Môi trường',
    ],
  },
  {
    typeLine: null, typeName: 'Công văn', typeNamePrinted: null, abbreviation: null, issuers: ['province', 'department', 'cabinet', 'district', 'ministry'],
    subjects: [
      'V/v triển khai thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
      'V/v đôn đốc báo cáo kết quả công tác văn thư, lưu trữ năm 2024',
      'V/v tăng cường công tác phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão',
      'V/v góp ý dự thảo Quy định quản lý tài liệu điện tử',
      'V/v đề nghị cung cấp thông tin phục vụ xây dựng cơ sở dữ liệu chuyên ngành',
    ],
  },
  {
    typeLine: 'THÔNG BÁO', typeName: 'Thông báo', typeNamePrinted: null, abbreviation: 'TB', issuers: ['province', 'cabinet', 'department', 'commune'],
    subjects: [
      'Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về công tác chuyển đổi số',
      'Về việc nghỉ Tết Nguyên đán Ất Tỵ năm 2025',
      'Lịch tiếp công dân định kỳ của lãnh đạo Ủy ban nhân dân quý III năm 2024',
    ],
  },
  {
    typeLine: 'KẾ HOẠCH', typeName: 'Kế hoạch', typeNamePrinted: null, abbreviation: 'KH', issuers: ['province', 'district', 'department', 'office'],
    subjects: [
      'Triển khai công tác chuyển đổi số năm 2025',
      'Thực hiện chỉnh lý tài liệu tồn đọng tại Lưu trữ lịch sử tỉnh giai đoạn 2024 - 2025',
      'Tổ chức các hoạt động kỷ niệm 80 năm Cách mạng tháng Tám và Quốc khánh 2/9',
    ],
  },
  {
    typeLine: 'BÁO CÁO', typeName: 'Báo cáo', typeNamePrinted: null, abbreviation: 'BC', issuers: ['district', 'department', 'office', 'commune'],
    subjects: [
      'Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2024',
      'Tình hình thực hiện công tác văn thư, lưu trữ năm 2024',
      'Tổng kết công tác cải cách hành chính năm 2024 và phương hướng, nhiệm vụ năm 2025',
    ],
  },
  {
    typeLine: 'TỜ TRÌNH', typeName: 'Tờ trình', typeNamePrinted: null, abbreviation: 'TTr', issuers: ['department', 'office', 'district'],
    subjects: [
      'Về việc đề nghị phê duyệt dự toán kinh phí số hóa tài liệu lưu trữ năm 2025',
      'Đề nghị ban hành Quyết định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức',
    ],
  },
  {
    typeLine: 'NGHỊ QUYẾT', typeName: 'Nghị quyết', typeNamePrinted: null, abbreviation: 'NQ', issuers: ['council'],
    subjects: [
      'Về việc thông qua danh mục các dự án cần thu hồi đất năm 2025',
      'Quy định mức chi hỗ trợ công tác số hóa tài liệu lưu trữ trên địa bàn tỉnh',
    ],
  },
  {
    typeLine: 'GIẤY MỜI', typeName: 'Giấy mời', typeNamePrinted: null, abbreviation: 'GM', issuers: ['cabinet', 'department', 'district'],
    subjects: [
      'Dự hội nghị tập huấn nghiệp vụ lưu trữ và số hóa tài liệu',
      'Họp bàn phương án tổ chức Lễ hội truyền thống năm 2025',
    ],
  },
  {
    typeLine: 'THÔNG TƯ', typeName: 'Khác', typeNamePrinted: 'Thông tư', abbreviation: 'TT', issuers: ['ministry'],
    subjects: [
      'Quy định chi tiết một số điều của Luật Lưu trữ về số hóa tài liệu lưu trữ',
      'Hướng dẫn quản lý, sử dụng kinh phí thực hiện chuyển đổi số trong cơ quan nhà nước',
    ],
  },
  {
    typeLine: 'CHỈ THỊ', typeName: 'Chỉ thị', typeNamePrinted: null, abbreviation: 'CT', issuers: ['province'],
    subjects: ['Về việc tăng cường kỷ luật, kỷ cương hành chính trong cơ quan nhà nước', 'Về tăng cường công tác bảo vệ bí mật nhà nước'],
  },
  {
    typeLine: 'HƯỚNG DẪN', typeName: 'Hướng dẫn', typeNamePrinted: null, abbreviation: 'HD', issuers: ['department', 'office'],
    subjects: ['Lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan', 'Thực hiện quy trình số hóa hồ sơ thủ tục hành chính tại bộ phận một cửa'],
  },
];

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương', 'Đinh', 'Trương', 'Phan', 'Lương'];
const MIDDLES = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Quang', 'Ngọc', 'Xuân', 'Thế'];
const GIVEN = ['Hùng', 'Lan', 'Minh', 'Sơn', 'Thắng', 'Hương', 'Dũng', 'Tuấn', 'Hải', 'Nam', 'Bình', 'Khoa', 'Trung Kiên', 'Thu Hà'];
const RECIPIENTS = ['- Như trên;', '- Như Điều 3;', '- Thường trực Tỉnh ủy;', '- Chủ tịch, các PCT UBND tỉnh;', '- Các sở, ban, ngành;', '- UBND các huyện, thị xã;', '- Cổng thông tin điện tử tỉnh;'];

interface Signature {
  lines: string[];
  position: string | null;
}

/** The signature block's lines above the name: an authority prefix or not, and the truth's position. */
function signature(rnd: () => number, who: Issuer): Signature {
  const choice = rnd();
  if (who.collective && choice < 0.3) return { lines: [`TM. ${who.collective}`, who.head], position: who.head };
  if (choice < 0.6) return { lines: [`KT. ${who.head}`, who.deputy], position: who.deputy };
  if (choice < 0.72 && who.head !== 'CHÁNH VĂN PHÒNG') return { lines: [`TL. ${who.head}`, 'CHÁNH VĂN PHÒNG'], position: 'CHÁNH VĂN PHÒNG' };
  if (choice < 0.8) return { lines: [`Q. ${who.head}`], position: `Q. ${who.head}` };
  return { lines: [who.head], position: who.head };
}

// ---------------------------------------------------------------------------------------------
// Planning

const A4 = { width: 210, height: 297 };
const MARGIN = { left: 30, right: 15, top: 20, bottom: 20 };
/** Characters per mm of 13 pt serif body text, measured on the font; good enough to wrap before drawing. */
let measureCtx: Context | null = null;

function measure(text: string, pt: number, style: Style): number {
  fontsReady();
  measureCtx ??= createCanvas(10, 10).getContext('2d');
  // At 100 px per mm the measure is in hundredths of a millimetre.
  measureCtx.font = font(25.4 * 100, pt, style);
  return measureCtx.measureText(text).width / 100;
}

/** Splits `text` into lines no wider than `width` mm, at spaces. */
function wrap(text: string, width: number, pt: number, style: Style): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && measure(next, pt, style) > width) {
      lines.push(current);
      current = word;
    } else {
      current = next;
    }
  }
  if (current) lines.push(current);
  return lines;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Plans one document from `seed`: the truth and its pages. `index` picks the kind in turn. */
export function planNd30Document(seed: number, index: number, dpi: number): Nd30Document {
  const rnd = seededRandom(seed);
  const kind = KINDS[index % KINDS.length]!;
  const who = issuer(rnd, pick(rnd, kind.issuers));
  const year = 2023 + Math.floor(rnd() * 3);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const blankDay = rnd() < 0.12;
  const blankNumber = rnd() < 0.1;
  const number = String(1 + Math.floor(rnd() * (rnd() < 0.5 ? 99 : 2400)));
  const unit = who.units.length > 0 ? pick(rnd, who.units) : null;
  const codeNotation =
    kind.abbreviation === 'TT' ? `${year}/TT-${who.body}` : kind.abbreviation ? `${kind.abbreviation}-${who.body}` : unit ? `${who.body}-${unit}` : who.body === 'UBND' ? 'UBND-VP' : `${who.body}-VP`;
  const subject = pick(rnd, kind.subjects);
  const sign = signature(rnd, who);
  const signerName = `${pick(rnd, SURNAMES)} ${pick(rnd, MIDDLES)} ${pick(rnd, GIVEN)}`;
  const secrecy: SecrecyMark | null = rnd() < 0.15 ? pick(rnd, ['MẬT', 'MẬT', 'TỐI MẬT', 'TUYỆT MẬT'] as const) : null;
  const urgency: UrgencyMark | null = rnd() < 0.18 ? pick(rnd, ['KHẨN', 'KHẨN', 'THƯỢNG KHẨN', 'HỎA TỐC'] as const) : null;
  const twoPages = rnd() < 0.3;

  // Header columns: the left one 55–75 mm wide, centred on its middle; the right one fills the rest.
  const leftWidth = between(rnd, 58, 78);
  const leftCentre = MARGIN.left - between(rnd, 12, 16) + leftWidth / 2;
  const rightCentre = (leftCentre + leftWidth / 2 + A4.width - MARGIN.right) / 2 + between(rnd, -2, 2);
  const lines: PlannedLine[] = [];
  let y = MARGIN.top + between(rnd, 0, 4);
  const headerTop = y;
  const left: Array<{ text: string; style: Style }> = [];
  if (who.parent) left.push({ text: who.parent, style: 'regular' });
  for (const part of who.organ) for (const piece of wrap(part, leftWidth, 12.5, 'bold')) left.push({ text: piece, style: 'bold' });
  const step = 5.6;
  left.forEach((line, i) => lines.push({ text: line.text, x: leftCentre, y: headerTop + i * step, pt: 12.5, style: line.style, align: 'centre' }));
  lines.push({ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x: rightCentre, y: headerTop, pt: 12.5, style: 'bold', align: 'centre' });
  lines.push({ text: 'Độc lập - Tự do - Hạnh phúc', x: rightCentre, y: headerTop + step, pt: 13, style: 'bold', align: 'centre' });
  y = headerTop + Math.max(left.length, 2) * step + 4;
  const numberText = blankNumber ? `Số:      /${codeNotation}` : `Số: ${number}/${codeNotation}`;
  lines.push({ text: numberText, x: leftCentre, y, pt: 13, style: 'regular', align: 'centre' });
  const dateText = blankDay ? `${who.place}, ngày      tháng ${pad2(month)} năm ${year}` : `${who.place}, ngày ${rnd() < 0.6 ? pad2(day) : String(day)} tháng ${month < 3 || rnd() < 0.5 ? pad2(month) : String(month)} năm ${year}`;
  lines.push({ text: dateText, x: rightCentre, y, pt: 13, style: 'italic', align: 'centre' });
  y += 6;
  // A công văn's abstract stands under the number, in the left column.
  if (kind.typeLine === null) {
    for (const piece of wrap(subject, leftWidth, 12, 'regular')) {
      lines.push({ text: piece, x: leftCentre, y, pt: 12, style: 'regular', align: 'centre' });
      y += 5;
    }
  }
  for (const mark of [secrecy, urgency]) {
    if (!mark) continue;
    lines.push({ text: mark, x: leftCentre, y: y + 2, pt: 13, style: 'bold', align: 'centre', boxed: true });
    y += 9;
  }
  // An incoming-document stamp (dấu ĐẾN) on some copies, stamped in the free space under the number.
  const stamp = rnd() < 0.25 ? { x: leftCentre + between(rnd, -6, 6), y: y + 8 } : null;
  y += stamp ? 26 : 6;
  const textWidth = A4.width - MARGIN.left - MARGIN.right;
  if (kind.typeLine) {
    y += 4;
    lines.push({ text: kind.typeLine, x: A4.width / 2 + between(rnd, -3, 3), y, pt: 14, style: 'bold', align: 'centre' });
    y += 6.5;
    for (const piece of wrap(subject, textWidth - between(rnd, 10, 40), 14, 'bold')) {
      lines.push({ text: piece, x: A4.width / 2, y, pt: 14, style: 'bold', align: 'centre' });
      y += 6.5;
    }
    y += 6;
  }
  const kinhGui = kind.typeLine === null || kind.typeName === 'Tờ trình' || kind.typeName === 'Giấy mời';
  if (kinhGui) {
    lines.push({ text: `Kính gửi: ${pick(rnd, ['Ủy ban nhân dân tỉnh', 'Các sở, ban, ngành', 'Sở Nội vụ', 'Ủy ban nhân dân các huyện, thị xã'])}`, x: A4.width / 2, y, pt: 14, style: 'regular', align: 'centre' });
    y += 10;
  }

  // The body, from the real transcriptions' prose; a decision opens with its bases and `QUYẾT ĐỊNH:`.
  const body = bodyLines();
  let next = Math.floor(rnd() * body.length);
    const textWidthMm = A4.width - MARGIN.left - MARGIN.right;
  // A line that would run past the right margin in this font is cut at a word.
  const bodyLine = (): string => wrap(body[next++ % body.length]!, textWidthMm - 8, 13, 'regular')[0]!;
  const pages: PlannedPage[] = [];
  let current: PlannedLine[] = lines;
  const push = (text: string, style: Style = 'regular', align: 'left' | 'centre' = 'left'): void => {
    current.push({ text, x: align === 'left' ? MARGIN.left : A4.width / 2, y, pt: 13, style, align });
    y += 7;
  };
  if (kind.typeName === 'Quyết định' || kind.typeName === 'Nghị quyết') {
    for (let i = 0; i < 2; i++) push(`Căn cứ ${bodyLine().replace(/^\W+/u, '')};`);
    push(kind.typeName === 'Quyết định' ? 'QUYẾT ĐỊNH:' : 'QUYẾT NGHỊ:', 'bold', 'centre');
  }
  const bodyCount = twoPages ? 30 + Math.floor(rnd() * 6) : 6 + Math.floor(rnd() * 10);
  const pageBottom = A4.height - MARGIN.bottom - 8;
  for (let i = 0; i < bodyCount; i++) {
    if (y > pageBottom) {
      pages.push({ lines: current, seal: null, incomingStamp: pages.length === 0 ? stamp : null });
      current = [{ text: String(pages.length + 1), x: A4.width / 2, y: 12, pt: 13, style: 'regular', align: 'centre' }];
      y = MARGIN.top + 4;
    }
    push(i === 0 && (kind.typeName === 'Quyết định' || kind.typeName === 'Nghị quyết') ? `Điều 1. ${bodyLine()}` : bodyLine());
  }
  current[current.length - 1] = { ...current[current.length - 1]!, text: `${current[current.length - 1]!.text}./.` };
  // The signature block and Nơi nhận need about 65 mm; on a new page when this one is full.
  if (y + 62 > A4.height - MARGIN.bottom) {
    pages.push({ lines: current, seal: null, incomingStamp: pages.length === 0 ? stamp : null });
    current = [{ text: String(pages.length + 1), x: A4.width / 2, y: 12, pt: 13, style: 'regular', align: 'centre' }];
    y = MARGIN.top + 4;
  }
  y += 6;
  const foot = y;
  // NĐ 30: the seal covers about a third of the signature, on its left.
  const signCentre = A4.width - MARGIN.right - between(rnd, 35, 45);
  sign.lines.forEach((text, i) => current.push({ text, x: signCentre, y: foot + i * 6, pt: 13.5, style: 'bold', align: 'centre' }));
  const nameY = foot + (sign.lines.length - 1) * 6 + between(rnd, 28, 34);
  current.push({ text: signerName, x: signCentre, y: nameY, pt: 14, style: 'bold', align: 'centre' });
  current.push({ text: 'Nơi nhận:', x: MARGIN.left - 5, y: foot, pt: 12, style: 'bold', align: 'left' });
  const recipients = [...RECIPIENTS].sort(() => rnd() - 0.5).slice(0, 2 + Math.floor(rnd() * 4));
  [...recipients, `- Lưu: VT${unit ? `, ${unit}` : ''}.`].forEach((text, i) => current.push({ text, x: MARGIN.left - 5, y: foot + 5 + i * 4.5, pt: 11, style: 'regular', align: 'left' }));
  pages.push({ lines: current, seal: { x: signCentre - between(rnd, 27, 32), y: foot + (sign.lines.length - 1) * 6 + 17 }, incomingStamp: pages.length === 0 ? stamp : null });

  return {
    id: `nd30-${String(index + 1).padStart(2, '0')}-${(kind.typeNamePrinted ?? kind.typeName).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').replace(/\s+/g, '-').toLowerCase()}`,
    seed,
    dpi,
    truth: {
      typeName: kind.typeName,
      typeNamePrinted: kind.typeNamePrinted,
      codeNumber: blankNumber ? null : number,
      codeNotation,
      issuedDate: blankDay ? null : `${year}-${pad2(month)}-${pad2(day)}`,
      place: who.place,
      organName: who.organ.join(' '),
      subject,
      signerPosition: sign.position,
      signerName,
      secrecy,
      urgency,
    },
    pages,
  };
}

/** `count` documents (at least one of every kind), alternately at 300 and 200 dpi. */
export function nd30DocumentSet(options: { seed: number; count: number }): Nd30Document[] {
  const rnd = seededRandom(options.seed);
  return Array.from({ length: options.count }, (_, i) => planNd30Document(Math.floor(rnd() * 2 ** 31), i, i % 2 === 0 ? 300 : 200));
}

// ---------------------------------------------------------------------------------------------
// Words as the renderer places them, and the pixels

/** The page's words with their boxes, in pixels at `dpi` on the sheet, each line a line of its own. */
export function plannedWords(page: PlannedPage, dpi: number, pageId = 1): LayoutPage {
  const px = dpi / 25.4;
  const words: LayoutWord[] = [];
  const ordered = [...page.lines].sort((a, b) => a.y - b.y || a.x - b.x);
  ordered.forEach((line, lineNumber) => {
    const width = measure(line.text, line.pt, line.style);
    let x = line.align === 'centre' ? line.x - width / 2 : line.x;
    const ascent = (line.pt * 0.3528) * 0.72;
    const descent = (line.pt * 0.3528) * 0.22;
    for (const part of line.text.split(/(\s+)/)) {
      const advance = measure(part, line.pt, line.style);
      if (part.trim()) {
        words.push({
          index: words.length, text: part, line: lineNumber, confidence: 92,
          x0: Math.round(x * px), y0: Math.round((line.y - ascent) * px), x1: Math.round((x + advance) * px), y1: Math.round((line.y + descent) * px),
        });
      }
      x += advance;
    }
  });
  return { pageId, width: Math.round(A4.width * px), height: Math.round(A4.height * px), words };
}

/** Prints a planned page on a sheet's canvas. */
function printPage(page: PlannedPage): (ctx: Context, rnd: () => number, dpi: number) => void {
  return (ctx, rnd, dpi) => {
    const mm = dpi / 25.4;
    ctx.fillStyle = '#161616';
    for (const line of page.lines) {
      ctx.font = font(dpi, line.pt, line.style);
      ctx.fillStyle = line.boxed ? '#b3141c' : '#161616';
      if (line.align === 'centre') centred(ctx, line.text, line.x * mm, line.y * mm);
      else ctx.fillText(line.text, line.x * mm, line.y * mm);
      if (line.boxed) {
        const width = ctx.measureText(line.text).width;
        ctx.strokeStyle = '#b3141c';
        ctx.lineWidth = 0.35 * mm;
        ctx.strokeRect(line.x * mm - width / 2 - 2 * mm, (line.y - 5.5) * mm, width + 4 * mm, 7.5 * mm);
      }
    }
    // The short rules under the issuing body and under the motto.
    const organ = page.lines.filter((l) => l.style === 'bold' && l.align === 'centre' && l.y < 60 && l.x < 80);
    const motto = page.lines.find((l) => l.text === 'Độc lập - Tự do - Hạnh phúc');
    ctx.fillStyle = '#161616';
    if (organ.length > 0) underline(ctx, organ[0]!.x * mm, (organ.at(-1)!.y + 1.8) * mm, 22 * mm, mm);
    if (motto) underline(ctx, motto.x * mm, (motto.y + 1.8) * mm, 58 * mm, mm);
    if (page.incomingStamp) {
      const { x, y } = page.incomingStamp;
      ctx.save();
      ctx.strokeStyle = '#2340a0';
      ctx.fillStyle = '#2340a0';
      ctx.globalAlpha = 0.75;
      ctx.lineWidth = 0.4 * mm;
      ctx.strokeRect((x - 22) * mm, (y - 6) * mm, 44 * mm, 20 * mm);
      ctx.font = font(dpi, 9, 'bold');
      ctx.fillText('VĂN BẢN ĐẾN', (x - 19) * mm, (y - 1) * mm);
      ctx.font = font(dpi, 9);
      ctx.fillText(`Số: ${100 + Math.floor(rnd() * 800)}`, (x - 19) * mm, (y + 4) * mm);
      ctx.fillText(`Ngày: ${1 + Math.floor(rnd() * 28)}/${1 + Math.floor(rnd() * 12)}`, (x - 19) * mm, (y + 9) * mm);
      ctx.restore();
    }
    if (page.seal) {
      const { x, y } = page.seal;
      ctx.strokeStyle = '#1d2f7a';
      ctx.lineWidth = 0.5 * mm;
      ctx.beginPath();
      ctx.moveTo((x + 8) * mm, (y + 4) * mm);
      for (let i = 0; i < 6; i++) ctx.quadraticCurveTo((x + 11 + i * 6) * mm, (y - 8 + rnd() * 10) * mm, (x + 14 + i * 6) * mm, (y + rnd() * 8) * mm);
      ctx.stroke();
      drawSeal(ctx, rnd, x * mm, y * mm, mm);
    }
  };
}

export interface Nd30Scan extends RealisticScan {
  document: string;
  page: number;
}

/** Every page of `doc`, printed and scanned (bed, skew, lamp, noise, JPEG or PNG). */
export async function scanNd30Document(doc: Nd30Document): Promise<Nd30Scan[]> {
  const rnd = seededRandom(doc.seed ^ 0x5f3759df);
  const scans: Nd30Scan[] = [];
  for (const [i, page] of doc.pages.entries()) {
    const encoding: ScanEncoding = pick(rnd, ['jpeg', 'jpeg', 'png'] as const);
    const bed = pick(rnd, ['grey', 'grey', 'dark', 'none'] as const);
    const scan = await realisticScanOf(printPage(page), { seed: doc.seed + i, dpi: doc.dpi, encoding, bed });
    scans.push({ ...scan, document: doc.id, page: i + 1 });
  }
  return scans;
}
