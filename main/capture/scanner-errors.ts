// What can go wrong at a scanner, said once for every backend, in Vietnamese first.
import { AppError } from '../contract/errors';

export type ScannerCondition =
  | 'jammed'
  | 'feeder-empty'
  | 'cover-open'
  | 'busy'
  | 'disconnected'
  | 'cancelled'
  | 'interrupted'
  | 'unsupported'
  | 'unavailable'
  | 'device-error';

const MESSAGES: Readonly<Record<ScannerCondition, [vi: string, en: string]>> = {
  jammed: ['Máy quét bị kẹt giấy. Hãy gỡ giấy kẹt rồi bấm Quét tiếp; các trang đã quét vẫn được giữ.', 'The scanner has a paper jam. Clear it and continue; pages already scanned are kept.'],
  'feeder-empty': ['Khay nạp giấy trống. Hãy đặt tài liệu vào khay rồi quét lại.', 'The document feeder is empty. Load the documents and scan again.'],
  'cover-open': ['Nắp máy quét đang mở. Hãy đóng nắp rồi bấm Quét tiếp; các trang đã quét vẫn được giữ.', 'The scanner cover is open. Close it and continue; pages already scanned are kept.'],
  busy: ['Máy quét đang bận (đang được chương trình khác dùng). Hãy thử lại sau ít phút.', 'The scanner is busy (used by another program). Try again in a moment.'],
  disconnected: ['Mất kết nối với máy quét. Hãy kiểm tra cáp, nguồn điện hoặc mạng rồi quét tiếp; các trang đã quét vẫn được giữ.', 'The scanner is disconnected. Check the cable, power or network and continue; pages already scanned are kept.'],
  cancelled: ['Đã hủy lệnh quét. Các trang đã quét vẫn được giữ.', 'The scan was cancelled. Pages already scanned are kept.'],
  interrupted: ['Lần quét bị gián đoạn vì ứng dụng đã đóng giữa chừng. Các trang đã quét vẫn được giữ; hãy kiểm tra giấy rồi bấm Quét tiếp.', 'The scan was interrupted because the application closed. Pages already scanned are kept; check the paper and scan again.'],
  unsupported: ['Máy quét không hỗ trợ thiết lập này.', 'The scanner does not support this setting.'],
  unavailable: ['Không dùng được loại máy quét này trên máy tính này.', 'This kind of scanner cannot be used on this computer.'],
  'device-error': ['Máy quét báo lỗi thiết bị. Hãy kiểm tra máy quét rồi quét tiếp; các trang đã quét vẫn được giữ.', 'The scanner reported a device error. Check it and continue; pages already scanned are kept.'],
};

const CODES: Readonly<Record<ScannerCondition, 'SCANNER_JAMMED' | 'SCANNER_FEEDER_EMPTY' | 'SCANNER_COVER_OPEN' | 'SCANNER_BUSY' | 'SCANNER_DISCONNECTED' | 'SCAN_CANCELLED' | 'SCAN_INTERRUPTED' | 'NOT_SUPPORTED' | 'SCANNER_UNAVAILABLE' | 'SCANNER_FAILED'>> = {
  jammed: 'SCANNER_JAMMED',
  'feeder-empty': 'SCANNER_FEEDER_EMPTY',
  'cover-open': 'SCANNER_COVER_OPEN',
  busy: 'SCANNER_BUSY',
  disconnected: 'SCANNER_DISCONNECTED',
  cancelled: 'SCAN_CANCELLED',
  interrupted: 'SCAN_INTERRUPTED',
  unsupported: 'NOT_SUPPORTED',
  unavailable: 'SCANNER_UNAVAILABLE',
  'device-error': 'SCANNER_FAILED',
};

/** A scanner condition as an AppError; `detail` (a setting, an HTTP status, a SANE status) goes to the end of both messages. */
export class ScannerError extends AppError {
  readonly condition: ScannerCondition;
  constructor(condition: ScannerCondition, detail?: string, options?: { cause?: unknown; subject?: string }) {
    const [vi, en] = MESSAGES[condition];
    super(CODES[condition], detail ? `${vi} (${detail})` : vi, detail ? `${en} (${detail})` : en, options?.subject ?? condition, options);
    this.name = 'ScannerError';
    this.condition = condition;
  }
}

export function scannerError(condition: ScannerCondition, detail?: string, cause?: unknown): ScannerError {
  return new ScannerError(condition, detail, cause === undefined ? undefined : { cause });
}
