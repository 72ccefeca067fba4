import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/errors';
import { writeFileDurably } from '../storage/durable-write';

/**
 * Writes a file into an outbox folder atomically (temp file, fsync, rename): a reader never sees a
 * half-written PDF, and a failure leaves the folder as it was. Errors become Vietnamese messages
 * that say what to do; nothing in the store is touched by a failed export.
 */
export async function writeOutboxFile(dir: string, name: string, data: Uint8Array | string): Promise<string> {
  const target = path.join(dir, name);
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeFileDurably(target, data, path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.part`));
    return target;
  } catch (error) {
    throw outboxError(error, dir);
  }
}

function outboxError(error: unknown, dir: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new AppError(
      'EXPORT_DISK_FULL',
      `Thư mục xuất «${dir}» đã đầy. Hãy giải phóng dung lượng hoặc chọn thư mục khác rồi xuất lại; dữ liệu hồ sơ không bị mất.`,
      `The export folder «${dir}» is full. Free space or choose another folder and export again; no data was lost.`,
      dir,
      { cause: error },
    );
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'ENOENT') {
    return new AppError(
      'EXPORT_READ_ONLY',
      `Không ghi được vào thư mục xuất «${dir}» (chỉ đọc hoặc không có quyền). Hãy chọn thư mục khác; dữ liệu hồ sơ không bị mất.`,
      `Cannot write to the export folder «${dir}» (read-only or no permission). Choose another folder; no data was lost.`,
      dir,
      { cause: error },
    );
  }
  return new AppError(
    'EXPORT_FAILED',
    `Xuất vào «${dir}» không thành công (${code ?? 'lỗi không rõ'}). Dữ liệu hồ sơ không bị mất; hãy thử lại.`,
    `Export to «${dir}» failed (${code ?? 'unknown error'}). No data was lost; try again.`,
    dir,
    { cause: error },
  );
}
