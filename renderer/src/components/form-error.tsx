import type { AppErrorView } from '../../../main/contract/errors';
import { endsSession } from '../lib/error-text';
import { useErrorText } from './use-error-text';

/** A server error shown in place, above the form's buttons; the form keeps what was typed. */
export function FormError({ error, testId }: { error: AppErrorView | null; testId?: string }) {
  const errors = useErrorText();
  // An expired session is answered by the sign-in dialog, not by the form that happened to ask.
  if (!error || endsSession(error.code)) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {errors.text(error)}
    </p>
  );
}
