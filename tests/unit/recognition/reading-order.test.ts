import { describe, expect, it } from 'vitest';
import type { WordView } from '../../../main/contract/domain';
import { inReadingOrder, type ReadLine } from '../../../main/recognition/reading-order';

// A page 2,400 px wide with 50 px words: each word is placed from its left edge, 20 px per character.
function line(y: number, paragraph: number, ...runs: Array<[x: number, text: string, confidence?: number]>): ReadLine {
  const words: WordView[] = [];
  for (const [start, text, confidence = 95] of runs) {
    let x = start;
    for (const token of text.split(' ')) {
      words.push({ text: token, x0: x, y0: y, x1: x + 20 * token.length, y1: y + 50, confidence, line: 0 });
      x += 20 * token.length + 18;
    }
  }
  return { words, paragraph };
}

const text = (blocks: ReadLine[][]) => blocks.map((block) => block.map((l) => l.words.map((w) => w.text).join(' ')).join('\n')).join('\n\n');

const BODY = [
  line(900, 3, [200, 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025 và các văn bản hướng dẫn']),
  line(980, 3, [200, 'Xét đề nghị của Giám đốc Sở Nông nghiệp và Môi trường tại Tờ trình số 45/TTr-SNNMT ngày']),
];

describe('inReadingOrder', () => {
  it('cuts header lines read across both columns and reads the columns band by band', () => {
    const page = [
      // Tesseract's lines: each row of the header read straight across both columns.
      line(100, 0, [300, 'ỦY BAN NHÂN DÂN'], [1250, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']),
      line(170, 0, [300, 'THÀNH PHỐ HÀ NỘI'], [1400, 'Độc lập - Tự do - Hạnh phúc']),
      line(330, 1, [350, 'Số: 15/QĐ-UBND'], [1350, 'Hà Nội, ngày 5 tháng 8 năm 2026']),
      line(500, 2, [1000, 'QUYẾT ĐỊNH']),
      ...BODY,
    ];
    expect(text(inReadingOrder(page))).toBe(
      [
        'ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc',
        'Số: 15/QĐ-UBND',
        'Hà Nội, ngày 5 tháng 8 năm 2026',
        'QUYẾT ĐỊNH',
        `${BODY[0]!.words.map((w) => w.text).join(' ')}\n${BODY[1]!.words.map((w) => w.text).join(' ')}`,
      ].join('\n\n'),
    );
  });

  it('starts a band at the number line even close under the first band, and ignores a stamp fragment above', () => {
    const page = [
      line(20, 0, [1150, '202020006', 12]),
      line(100, 0, [380, 'CHÍNH PHỦ'], [1250, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']),
      line(160, 0, [1400, 'Độc lập - Tự do - Hạnh phúc']),
      line(215, 1, [330, 'Số: 115/NQ-CP'], [1350, 'Hà Nội, ngày 29 tháng 4 năm 2026']),
      line(400, 2, [1000, 'NGHỊ QUYẾT']),
      ...BODY,
    ];
    const blocks = text(inReadingOrder(page));
    // The fragment sits in the gutter's way but is not text: the columns are still found.
    expect(blocks.replace(/\s+/g, ' ')).toMatch(/^CHÍNH PHỦ (202020006 )?CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 115\/NQ-CP Hà Nội, ngày 29/);
    // The document type is centred: it is not taken into the right column.
    expect(blocks).toContain('\n\nNGHỊ QUYẾT\n\n');
  });

  it('reads the foot as the whole left column (Nơi nhận) and then the signature block', () => {
    const page = [
      line(100, 0, [800, 'QUYẾT ĐỊNH VỀ VIỆC GIAO ĐẤT']),
      ...BODY,
      line(1200, 4, [200, 'Nơi nhận:'], [1500, 'TM. ỦY BAN NHÂN DÂN']),
      line(1260, 4, [200, '- Như Điều 3;'], [1560, 'KT. CHỦ TỊCH']),
      line(1320, 4, [200, '- Lưu: VT, NNMT.'], [1530, 'PHÓ CHỦ TỊCH']),
      line(1600, 5, [1500, 'Trương Việt Dũng']),
    ];
    expect(text(inReadingOrder(page)).split('\n\n').slice(-2)).toEqual([
      'Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, NNMT.',
      'TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrương Việt Dũng',
    ]);
  });

  it("keeps a one-column page in Tesseract's order, paragraph by paragraph", () => {
    const page = [line(100, 0, [200, 'THÔNG BÁO KẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TẠI CUỘC HỌP']), ...BODY];
    expect(inReadingOrder(page).map((block) => block.length)).toEqual([1, 2]);
    expect(inReadingOrder([])).toEqual([]);
  });
});
