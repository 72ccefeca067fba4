import { AppError } from '../../main/contract/errors';

/** The AppError `action` throws (fails the test when it throws nothing or something else). */
export function thrownAppError(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an AppError, nothing was thrown');
}

/** The AppError an async `action` rejects with. */
export async function rejectedAppError(action: () => Promise<unknown>): Promise<AppError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an AppError, nothing was thrown');
}
