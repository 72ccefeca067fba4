import { AppError } from '../contract/errors';

/** The AppError for a record that is not there (a batch, dossier, document or page by its id). */
export function notFound(what: string, id: number): AppError {
  return new AppError('NOT_FOUND', `Không tìm thấy ${what} số ${id}.`, `No ${what} with id ${id}.`, String(id));
}
