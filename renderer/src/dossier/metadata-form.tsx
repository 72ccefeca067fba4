// Archival metadata of the active document (TT 05/2025 keys). Checked on the client with the
// contract's schema; unsaved input lives in the drafts store and survives errors and navigation.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, type DocumentView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { useDrafts, type MetadataDraft } from '../app/drafts-context';
import { useNotices } from '../app/notices-context';
import { Field, type ControlProps } from '../components/field';
import { focusField } from '../components/focus-field';
import { useIssueText } from '../components/use-issue-text';
import {
  mergeProposal,
  METADATA_FIELDS,
  sameFormValues,
  toFormValues,
  validateMetadataForm,
  type MetadataField,
  type MetadataFormValues,
} from '../lib/metadata-form';

const SUBJECT_MAX = 500;
const PLACEHOLDERS = ['codeNumber', 'codeNotation', 'place'] as const;
type PlaceholderField = (typeof PLACEHOLDERS)[number];
const TYPE_NAMES: readonly string[] = DOCUMENT_TYPES.map(([, name]) => name);

function hasPlaceholder(field: MetadataField): field is PlaceholderField {
  return (PLACEHOLDERS as readonly string[]).includes(field);
}

function freshDraft(values: MetadataFormValues): MetadataDraft {
  return { values, proposed: [], touched: [], submitted: false, badDate: false };
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

export interface MetadataFormProps {
  document: DocumentView;
  onSaved: (document: DocumentView) => void;
}

export function MetadataForm({ document: doc, onSaved }: MetadataFormProps) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const { drafts, setDraft } = useDrafts();
  const [busy, setBusy] = useState<'save' | 'propose' | null>(null);

  const saved = useMemo(() => toFormValues(doc.metadata), [doc.metadata]);
  const draft = drafts[doc.id];
  const values = draft?.values ?? saved;
  const validation = useMemo(() => validateMetadataForm(values), [values]);
  const errors = validation.ok ? {} : validation.errors;
  const dirty = draft !== undefined && (!sameFormValues(draft.values, saved) || draft.badDate);

  // Async answers (save, propose) must merge with what was typed meanwhile, not with a stale copy.
  const latest = useRef({ draft, saved });
  useEffect(() => {
    latest.current = { draft, saved };
  });

  function commit(next: MetadataDraft) {
    const clean = sameFormValues(next.values, latest.current.saved) && next.proposed.length === 0 && !next.badDate;
    setDraft(doc.id, clean ? null : next);
  }

  function update(field: MetadataField, value: string) {
    const base = latest.current.draft ?? freshDraft(latest.current.saved);
    const next: MetadataDraft = {
      ...base,
      values: { ...base.values, [field]: value },
      proposed: base.proposed.filter((f) => f !== field),
      touched: union(base.touched, [field]),
      badDate: field === 'issuedDate' ? false : base.badDate,
    };
    latest.current = { ...latest.current, draft: next };
    commit(next);
  }

  function markBadDate(bad: boolean) {
    const base = latest.current.draft ?? freshDraft(latest.current.saved);
    if (base.badDate === bad) return;
    const next = { ...base, badDate: bad, touched: union(base.touched, ['issuedDate' as const]) };
    latest.current = { ...latest.current, draft: next };
    commit(next);
  }

  async function save() {
    if (busy) return;
    const current = latest.current.draft;
    const sent = current?.values ?? latest.current.saved;
    const checked = validateMetadataForm(sent);
    if (!checked.ok || current?.badDate) {
      setDraft(doc.id, { ...(current ?? freshDraft(sent)), submitted: true });
      const first = METADATA_FIELDS.find((f) => (!checked.ok && checked.errors[f]) || (f === 'issuedDate' && current?.badDate));
      focusField(first ? `meta-${first}` : undefined);
      return;
    }
    setBusy('save');
    const result = await call('document:updateMetadata', { documentId: doc.id, metadata: checked.metadata });
    setBusy(null);
    if (!result.ok) {
      // The notice says why; the typed values stay in the draft.
      if (current) setDraft(doc.id, { ...current, submitted: true });
      return;
    }
    const now = latest.current.draft;
    // Keep anything typed while the save was on its way.
    if (!now || sameFormValues(now.values, sent)) setDraft(doc.id, null);
    onSaved(result.value);
    pushInfo(t('metadata.saved', { code: result.value.docCode }));
  }

  async function propose() {
    if (busy) return;
    setBusy('propose');
    const result = await call('document:proposeMetadata', { documentId: doc.id });
    setBusy(null);
    if (!result.ok) return;
    const base = latest.current.draft ?? freshDraft(latest.current.saved);
    const { values: merged, filled } = mergeProposal(base.values, result.value);
    if (filled.length === 0) {
      pushInfo(t('metadata.proposedNone'));
      return;
    }
    const next = { ...base, values: merged, proposed: union(base.proposed, filled), touched: union(base.touched, filled) };
    latest.current = { ...latest.current, draft: next };
    commit(next);
    pushInfo(t('metadata.proposed', { count: filled.length }));
  }

  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key.toLowerCase() === 's' || event.code === 'KeyS')) {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.document.addEventListener('keydown', onKey);
    return () => window.document.removeEventListener('keydown', onKey);
  }, []);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void save();
  }

  const shows = (field: MetadataField) => Boolean(draft && (draft.submitted || draft.touched.includes(field)));
  const errorFor = (field: MetadataField): string | undefined => {
    if (!shows(field)) return undefined;
    if (field === 'issuedDate' && draft?.badDate) return t('metadata.incompleteDate');
    return issueText(errors[field]);
  };
  const mark = (field: MetadataField) => (draft?.proposed.includes(field) ? t('metadata.proposedMark') : undefined);
  const hasErrors = !validation.ok || Boolean(draft?.badDate);

  function textInput(field: MetadataField, p: ControlProps) {
    return (
      <input
        {...p}
        data-testid={`meta-${field}`}
        name={field}
        value={values[field]}
        placeholder={hasPlaceholder(field) ? t(`metadata.placeholders.${field}`) : undefined}
        onChange={(e) => update(field, e.target.value)}
        className={draft?.proposed.includes(field) ? 'proposed' : undefined}
        spellCheck={false}
      />
    );
  }

  const field = (name: MetadataField, render: (p: ControlProps) => ReactNode, extra?: { hint?: string; className?: string }) => (
    <Field
      id={`meta-${name}`}
      label={t(`metadata.fields.${name}`)}
      error={errorFor(name)}
      mark={mark(name)}
      hint={extra?.hint}
      className={extra?.className ?? ''}
    >
      {render}
    </Field>
  );

  return (
    <section className="metadata" aria-labelledby="metadata-heading">
      <div className="panel-head">
        <h2 id="metadata-heading">
          {t('metadata.heading')} <span className="code">{doc.docCode}</span>
        </h2>
        {dirty ? (
          <span className="badge unsaved" data-testid="meta-unsaved">
            {t('metadata.unsaved')}
          </span>
        ) : null}
      </div>
      <form className="metadata-form" onSubmit={onSubmit} noValidate data-testid="meta-form">
        {field('typeName', (p) => (
          <select
            {...p}
            data-testid="meta-typeName"
            name="typeName"
            value={values.typeName}
            onChange={(e) => update('typeName', e.target.value)}
            className={draft?.proposed.includes('typeName') ? 'proposed' : undefined}
          >
            <option value="">{t('metadata.typeNone')}</option>
            {values.typeName !== '' && !TYPE_NAMES.includes(values.typeName) ? <option value={values.typeName}>{values.typeName}</option> : null}
            {DOCUMENT_TYPES.map(([code, name]) => (
              <option key={code} value={name}>
                {code} – {name}
              </option>
            ))}
          </select>
        ), { className: 'span-2' })}
        {field('codeNumber', (p) => textInput('codeNumber', p))}
        {field('codeNotation', (p) => textInput('codeNotation', p))}
        {field('issuedDate', (p) => (
          <input
            {...p}
            type="date"
            data-testid="meta-issuedDate"
            name="issuedDate"
            min="1900-01-01"
            value={values.issuedDate}
            onChange={(e) => update('issuedDate', e.target.value)}
            onBlur={(e) => markBadDate(e.currentTarget.validity.badInput)}
            className={draft?.proposed.includes('issuedDate') ? 'proposed' : undefined}
          />
        ))}
        {field('place', (p) => textInput('place', p))}
        {field('organName', (p) => textInput('organName', p), { className: 'span-2' })}
        {field(
          'subject',
          (p) => (
            <textarea
              {...p}
              data-testid="meta-subject"
              name="subject"
              rows={3}
              value={values.subject}
              onChange={(e) => update('subject', e.target.value)}
              className={draft?.proposed.includes('subject') ? 'proposed' : undefined}
            />
          ),
          { className: 'span-2', hint: t('metadata.characters', { n: values.subject.length, max: SUBJECT_MAX }) },
        )}
        {field('signerPosition', (p) => textInput('signerPosition', p))}
        {field('signerName', (p) => textInput('signerName', p))}
        {draft?.submitted && hasErrors ? (
          <p className="form-error span-2" role="alert" data-testid="meta-errors">
            {t('metadata.fixErrors')}
          </p>
        ) : null}
        <div className="form-actions span-2">
          <button type="submit" className="primary" data-testid="meta-save" disabled={busy !== null}>
            {busy === 'save' ? t('common.busy') : t('metadata.save')}
          </button>
          <button type="button" data-testid="meta-propose" onClick={() => void propose()} disabled={busy !== null}>
            {busy === 'propose' ? t('common.busy') : t('metadata.propose')}
          </button>
          {draft ? (
            <button type="button" className="link-button" onClick={() => setDraft(doc.id, null)} data-testid="meta-revert">
              {t('metadata.revert')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
