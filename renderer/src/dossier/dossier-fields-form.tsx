// Every archival field of the open dossier (hồ sơ, TT 05/2025), in a dialog: the code and the derived
// fields (totals and dates, computed from its documents) shown read-only, the others edited by a clerk or
// a supervisor and checked with the contract's schema, its rules across fields included.
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { codeValues, DOSSIER_EDIT_FIELDS, DOSSIER_FIELDS, dossierEditSchema, type ArchivalField, type DossierFieldKey } from '../../../main/contract/archival-fields';
import type { DossierView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { useLang } from '../app/use-lang';
import { Field, type ControlProps } from '../components/field';
import { focusField } from '../components/focus-field';
import { ModalDialog } from '../components/modal-dialog';
import { useIssueText } from '../components/use-issue-text';
import { formValuesOf, schemaInput } from '../lib/metadata-form';
import { fieldIssues, type FieldIssue } from '../lib/validation-issues';

const FIELDS: ReadonlyArray<ArchivalField<DossierFieldKey>> = DOSSIER_FIELDS;
const EDITABLE: ReadonlyArray<ArchivalField<DossierFieldKey>> = DOSSIER_EDIT_FIELDS;
const EDITED = new Set<DossierFieldKey>(EDITABLE.map((f) => f.key));
/** Fields written on several lines, and those a whole row wide. */
const ROWS: Partial<Record<DossierFieldKey, number>> = { title: 2, description: 3 };
const WIDE = new Set<DossierFieldKey>(['title', 'language', 'description']);

type Values = Record<DossierFieldKey, string>;

export interface DossierFieldsFormProps {
  dossier: DossierView;
  canEdit: boolean;
  onSaved: (dossier: DossierView) => void;
  onClose: () => void;
}

export function DossierFieldsForm({ dossier, canEdit, onSaved, onClose }: DossierFieldsFormProps) {
  const { t } = useTranslation();
  const call = useCall();
  const lang = useLang();
  const issueText = useIssueText();
  const { pushInfo } = useNotices();
  const saved = useMemo(() => formValuesOf(FIELDS, dossier.metadata), [dossier.metadata]);
  const [values, setValues] = useState<Values>(saved);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);

  const parsed = useMemo(() => dossierEditSchema.safeParse(schemaInput(EDITABLE, values)), [values]);
  const errors: Partial<Record<string, FieldIssue>> = parsed.success ? {} : fieldIssues(parsed.error.issues);

  function update(key: DossierFieldKey, value: string) {
    setValues((was) => ({ ...was, [key]: value }));
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy || !canEdit) return;
    setSubmitted(true);
    if (!parsed.success) {
      focusField(`dossier-${EDITABLE.find((f) => errors[f.key])?.key ?? ''}`);
      return;
    }
    setBusy(true);
    const result = await call('dossier:update', { dossierId: dossier.id, fields: parsed.data });
    setBusy(false);
    if (!result.ok) return;
    pushInfo(t('dossierFields.saved', { code: result.value.fileCode }));
    onSaved(result.value);
  }

  function control(f: ArchivalField<DossierFieldKey>, p: ControlProps): ReactNode {
    const key = f.key;
    const common = { ...p, name: key, 'data-testid': `dossier-${key}`, disabled: !canEdit };
    if (!EDITED.has(key)) return <input {...p} readOnly className="derived" name={key} data-testid={`dossier-${key}`} value={values[key]} />;
    if (f.type === 'code' && f.multiple) {
      const picked = values[key].split(',').filter((c) => c !== '');
      const toggle = (code: string, on: boolean) => {
        const next = on ? [...picked, code] : picked.filter((c) => c !== code);
        update(key, codeValues(f).filter((c) => next.includes(c)).join(','));
      };
      return (
        <div {...p} role="group" aria-label={f[lang]} className="code-checks" data-testid={`dossier-${key}`}>
          {(f.codes ?? []).map((c) => (
            <label key={c.code} className="inline-label">
              <input type="checkbox" disabled={!canEdit} data-testid={`dossier-${key}-${c.code}`} checked={picked.includes(c.code)} onChange={(e) => toggle(c.code, e.target.checked)} />
              {c[lang]}
            </label>
          ))}
        </div>
      );
    }
    switch (f.type) {
      case 'code':
        return (
          <select {...common} value={values[key]} onChange={(e) => update(key, e.target.value)}>
            <option value="">{t('metadata.codeNone', { field: f[lang].toLocaleLowerCase(lang) })}</option>
            {(f.codes ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} – {c[lang]}
              </option>
            ))}
          </select>
        );
      case 'boolean':
        return <input {...common} type="checkbox" checked={values[key] === 'true'} onChange={(e) => update(key, String(e.target.checked))} />;
      case 'integer':
        return <input {...common} type="number" min={0} step={1} value={values[key]} onChange={(e) => update(key, e.target.value)} />;
      case 'date':
        return <input {...common} type="date" min="1900-01-01" value={values[key]} onChange={(e) => update(key, e.target.value)} />;
      case 'text':
        return ROWS[key] ? (
          <textarea {...common} rows={ROWS[key]} value={values[key]} onChange={(e) => update(key, e.target.value)} />
        ) : (
          <input {...common} value={values[key]} onChange={(e) => update(key, e.target.value)} spellCheck={false} />
        );
    }
  }

  return (
    <ModalDialog className="dossier-fields-dialog" labelledBy="dossier-fields-title" onEscape={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="dossier-fields-form">
        <h2 id="dossier-fields-title">{t('dossierFields.heading', { code: dossier.fileCode })}</h2>
        {canEdit ? null : <p className="muted">{t('dossierFields.readOnly')}</p>}
        <div className="metadata-form">
          {FIELDS.map((f) => {
            const hint = f.key === 'fileCode' ? t('dossierFields.fileCodeFixed') : f.derived ? t('dossierFields.derived') : undefined;
            return (
              <Field
                key={f.key}
                id={`dossier-${f.key}`}
                label={t(`dossierFields.fields.${f.key}`)}
                error={submitted ? issueText(errors[f.key]) : undefined}
                hint={hint}
                className={WIDE.has(f.key) ? 'span-3' : ''}
              >
                {(p) => control(f, p)}
              </Field>
            );
          })}
        </div>
        <div className="form-actions">
          {canEdit ? (
            <button type="submit" className="primary" data-testid="dossier-fields-save" disabled={busy}>
              {busy ? t('common.busy') : t('dossierFields.save')}
            </button>
          ) : null}
          <button type="button" onClick={onClose} data-testid="dossier-fields-close">
            {t('dossierFields.close')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
