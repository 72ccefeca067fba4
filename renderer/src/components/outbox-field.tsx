// Where an export goes: the default outbox or a folder a supervisor allowed (main authorizes the choice
// again). One field for every export (a dossier's PDF/A, the catalogues), the allowed folders loaded once.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useData } from '../api/use-data';
import type { Call } from '../api/use-call';
import { Field } from './field';

export interface OutboxFieldProps {
  id: string;
  /** '' is the default outbox. */
  value: string;
  onChange: (folder: string) => void;
  className?: string;
}

export function OutboxField({ id, value, onChange, className }: OutboxFieldProps) {
  const { t } = useTranslation();
  const folders = useData(useCallback((quiet: Call) => quiet('exportFolders:get', {}), [])).value;
  return (
    <Field id={id} label={t('importBar.outbox')} hint={t('importBar.outboxHint')} {...(className ? { className } : {})}>
      {(p) => (
        <select {...p} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{folders ? t('importBar.outboxDefault', { folder: folders.defaultOutbox }) : t('app.loading')}</option>
          {folders?.folders.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
