// Stable error codes shared by main, preload, the development host and the renderer.
// Every error that reaches a person carries a Vietnamese message (and an English one for the switch).
import { englishIssueMessage, type IssueLike } from './validation-messages';

export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'BAD_SENDER',
  'UNKNOWN_CHANNEL',
  'INVALID_CREDENTIALS',
  'SETUP_ALREADY_DONE',
  'IMAGE_CORRUPT',
  'UNSUPPORTED_FORMAT',
  'NO_IMAGES',
  'PATH_NOT_FOUND',
  'OCR_FAILED',
  'EXPORT_READ_ONLY',
  'EXPORT_DISK_FULL',
  'EXPORT_FAILED',
  'STORE_INCONSISTENT',
  'NOT_SUPPORTED',
  'SCANNER_JAMMED',
  'SCANNER_FEEDER_EMPTY',
  'SCANNER_COVER_OPEN',
  'SCANNER_BUSY',
  'SCANNER_DISCONNECTED',
  'SCANNER_FAILED',
  'SCANNER_UNAVAILABLE',
  'SCAN_CANCELLED',
  'SCAN_INTERRUPTED',
  'ACCOUNT_LOCKED',
  'SESSION_EXPIRED',
  'ALREADY_IMPORTED',
  'SOURCE_CHANGED',
  'EXPORT_NOT_RECOGNIZED',
  'EXPORT_WITHOUT_TEXT',
  'STORE_UNAVAILABLE',
  'PAGE_MISSING',
  'IMAGE_TOO_LARGE',
  'PDF_ENCRYPTED',
  'PDF_ATTACHMENTS_SKIPPED',
  'RESOLUTION_UNTRUSTED',
  'FILE_NAME_UNUSABLE',
  'NOT_A_SPREAD',
  'IMAGING_FAILED',
  'LIFECYCLE_REFUSED',
  'CORRECTIONS_DROPPED',
  'SECRET_DOCUMENT',
  'CATALOGUE_UNREADABLE',
  'CATALOGUE_TOO_LARGE',
  'CATALOGUE_NO_HEADINGS',
  'INDEXING_FAILED',
  'SEPARATOR_CODE_INVALID',
  'SEPARATION_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses the process boundary: plain data, never an Error object. */
export interface AppErrorView {
  code: ErrorCode;
  /** Vietnamese, for the person in front of the screen. */
  message: string;
  /** English, for the language switch and for logs. */
  messageEn: string;
  /** The file, field or id the error is about, when there is one. */
  subject?: string;
  /** The values in the message, so that the renderer can word it from its dictionary (`errors.<code>`). */
  params?: Record<string, string | number>;
}

export interface AppErrorOptions {
  cause?: unknown;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageVi: string;
  readonly subject: string | undefined;
  readonly params: Record<string, string | number> | undefined;

  constructor(code: ErrorCode, messageVi: string, messageEn: string, subject?: string, options?: AppErrorOptions) {
    super(messageEn, options);
    this.name = 'AppError';
    this.code = code;
    this.messageVi = messageVi;
    this.subject = subject;
    this.params = options?.params;
  }

  toView(): AppErrorView {
    const view: AppErrorView = { code: this.code, message: this.messageVi, messageEn: this.message };
    if (this.subject !== undefined) view.subject = this.subject;
    if (this.params !== undefined) view.params = this.params;
    return view;
  }
}

/** A schema's first complaint as a VALIDATION error naming the field (zod issues, taken structurally). */
export function validationError(issues: Readonly<Array<IssueLike & { path: ReadonlyArray<PropertyKey> }>>): AppError {
  const issue = issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return new AppError(
    'VALIDATION',
    `Dữ liệu không hợp lệ${field ? ` ở trường «${field}»` : ''}: ${issue?.message ?? ''}`,
    `Invalid input${field ? ` in «${field}»` : ''}: ${issue ? englishIssueMessage(issue) : ''}`,
    field || undefined,
  );
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Any thrown value as a view; unknown errors become INTERNAL without leaking their text to the UI. */
export function toErrorView(error: unknown): AppErrorView {
  if (isAppError(error)) return error.toView();
  return {
    code: 'INTERNAL',
    message: 'Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị mất; hãy thử lại hoặc báo cho quản trị viên.',
    messageEn: 'An unexpected error occurred. Saved data is intact; try again or tell the administrator.',
  };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorView };
