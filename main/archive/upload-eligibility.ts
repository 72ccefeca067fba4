// Secret documents are never uploaded (Nghị định 30 and domain.md §5.6: a record marked secret must never
// reach an internet-connected store). The upload path calls this at its service boundary, before any
// byte leaves the station, for every document it would send.
import type { DocumentValues } from '../contract/archival-fields';
import { AppError } from '../contract/errors';

/** What the refusal needs of a document: its code and the two fields that say it is secret. */
export interface UploadCandidate {
  readonly docCode: string;
  readonly metadata: Pick<DocumentValues, 'secrecyMark' | 'mode'>;
}

/**
 * Refuses a document that is secret: it carries a secrecy mark (MẬT, TỐI MẬT, TUYỆT MẬT), or its access mode
 * is 03 Mật without a mark (the mode alone says it is secret). Public and restricted documents pass.
 */
export function assertUploadable(document: UploadCandidate): void {
  const { secrecyMark, mode } = document.metadata;
  if (secrecyMark === null && mode !== '03') return;
  const whyVi = secrecyMark !== null ? `mang độ mật «${secrecyMark}»` : 'có chế độ sử dụng «Mật» (03)';
  const whyEn = secrecyMark !== null ? `carries the secrecy mark «${secrecyMark}»` : 'has access mode «Confidential» (03)';
  throw new AppError(
    'SECRET_DOCUMENT',
    `Không tải lên văn bản ${document.docCode}: văn bản ${whyVi}, và văn bản mật không bao giờ được đưa lên kho dữ liệu kết nối Internet. ` +
      'Văn bản vẫn được giữ nguyên trên máy, không mất dữ liệu; hãy bàn giao theo quy trình văn bản mật, hoặc nếu văn bản không mật thì sửa độ mật và chế độ sử dụng rồi tải lên lại.',
    `Document ${document.docCode} was not uploaded: it ${whyEn}, and a secret document is never sent to an internet-connected store. ` +
      'It stays unchanged on this station and nothing was lost; hand it over by the procedure for secret records, or, if it is not secret, correct its secrecy mark and access mode and upload again.',
    document.docCode,
  );
}
