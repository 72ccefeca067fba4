// The one way a loaded list says where it is: loading, failed (with a retry), empty, or its rows. A list
// that loaded before a failed refresh stays shown under the error, so nothing on screen disappears.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Data } from '../api/use-data';
import { endsSession } from '../lib/error-text';
import { useErrorText } from './use-error-text';

export interface ListStateProps<T> {
  data: Pick<Data<T>, 'value' | 'error' | 'refresh'>;
  /** What an empty list says; without it, an empty value is shown by `children` like any other. */
  empty?: string;
  emptyTestId?: string;
  isEmpty?: (value: T) => boolean;
  children: (value: T) => ReactNode;
}

const emptyArray = (value: unknown) => Array.isArray(value) && value.length === 0;

export function ListState<T>({ data, empty, emptyTestId, isEmpty = emptyArray, children }: ListStateProps<T>) {
  const { t } = useTranslation();
  const errors = useErrorText();
  // An expired session is answered by the sign-in dialog.
  const error = data.error && !endsSession(data.error.code) ? data.error : null;
  const failure = error ? (
    <p className="form-error" role="alert" data-testid="list-error">
      {errors.withSubject(error)}{' '}
      <button type="button" className="small" onClick={() => void data.refresh()}>
        {t('app.retry')}
      </button>
    </p>
  ) : null;
  if (data.value === null) return failure ?? <p className="muted">{t('app.loading')}</p>;
  return (
    <>
      {failure}
      {empty !== undefined && isEmpty(data.value) ? (
        <p className="muted" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : (
        children(data.value)
      )}
    </>
  );
}
