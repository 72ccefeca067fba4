// Archival metadata of the active document (TT 05/2025 keys). Checked on the client with the
// contract's schema; unsaved input lives in the drafts store and survives errors and navigation.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { codeValues, type ArchivalField } from '../../../main/contract/archival-fields';
import type { DocumentView } from '../../../main/contract/domain';
import type { DocumentIndexView } from '../../../main/contract/metadata-index';
import type { WordRef } from '../../../main/contract/metadata-proposals';
import { useCall } from '../api/use-call';
import { useDrafts, type MetadataDraft } from '../app/drafts-context';
import { useNotices } from '../app/notices-context';
import { useLang } from '../app/use-lang';
import { Field, type ControlProps } from '../components/field';
import { focusField } from '../components/focus-field';
import { useIssueText } from '../components/use-issue-text';
import { formatConfidence } from '../lib/confidence';
import {
  documentMarks,
  mergeProposal,
  METADATA_FIELDS,
  METADATA_FORM_FIELDS,
  METADATA_GROUPS,
  proposalMarks,
  proposalValues,
  sameFormValues,
  toFormValues,
  validateMetadataForm,
  type MetadataField,
  type MetadataFormValues,
  type MetadataGroup,
  type ProposalMark,
} from '../lib/metadata-form';

const FORM_FIELD = new Map(METADATA_FORM_FIELDS.map((f) => [f.key, f]));

/**
 * Where the form departs from one field per column, each rendered by its type (a code list as a select,
 * a date as a date input, a text as an input): fields two columns wide, and texts written on several lines
 * (with a count of their characters). A field not named here needs nothing more than its description.
 */
const LAYOUT: Partial<Record<MetadataField, { wide?: true; rows?: number }>> = {
  typeName: { wide: true },
  organName: { wide: true },
  subject: { wide: true, rows: 3 },
  language: { wide: true },
  autograph: { wide: true, rows: 2 },
  description: { wide: true, rows: 2 },
  procedureFileCode: { wide: true },
};
const PLACEHOLDERS = ['codeNumber', 'codeNotation', 'place'] as const;
type PlaceholderField = (typeof PLACEHOLDERS)[number];

function hasPlaceholder(field: MetadataField): field is PlaceholderField {
  return (PLACEHOLDERS as readonly string[]).includes(field);
}

function freshDraft(values: MetadataFormValues): MetadataDraft {
  return { values, proposed: [], touched: [], submitted: false, badDates: [] };
}

function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

export interface MetadataFormProps {
  document: DocumentView;
  onSaved: (document: DocumentView) => void;
  /** Shows the words a proposal was read from on the page image. */
  onShowWords: (words: readonly WordRef[]) => void;
}

export function MetadataForm({ document: doc, onSaved, onShowWords }: MetadataFormProps) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const { drafts, setDraft } = useDrafts();
  const lang = useLang();
  const [busy, setBusy] = useState<'save' | 'propose' | null>(null);
  // The identification group is open; the others open on demand, or by themselves when they hold an error.
  const [openGroups, setOpenGroups] = useState<ReadonlySet<MetadataGroup['id']>>(() => new Set(['identity']));

  const saved = useMemo(() => toFormValues(doc.metadata), [doc.metadata]);
  // What auto-indexing kept; asked again whenever the document is (the dossier refreshes on its events).
  const [indexView, setIndexView] = useState<DocumentIndexView | null>(null);
  useEffect(() => {
    let current = true;
    void call('document:proposeMetadata', { documentId: doc.id }).then((result) => {
      if (current && result.ok) setIndexView(result.value);
    });
    return () => {
      current = false;
    };
  }, [call, doc]);
  const draft = drafts[doc.id];
  const values = draft?.values ?? saved;
  const validation = useMemo(() => validateMetadataForm(values), [values]);
  const errors = validation.ok ? {} : validation.errors;
  const dirty = draft !== undefined && (!sameFormValues(draft.values, saved) || draft.badDates.length > 0);

  // Async answers (save, propose) must merge with what was typed meanwhile, not with a stale copy.
  const latest = useRef({ draft, saved });
  useEffect(() => {
    latest.current = { draft, saved };
  });

  function commit(next: MetadataDraft) {
    const clean = sameFormValues(next.values, latest.current.saved) && next.proposed.length === 0 && next.badDates.length === 0;
    setDraft(doc.id, clean ? null : next);
  }

  function update(field: MetadataField, value: string) {
    const base = latest.current.draft ?? freshDraft(latest.current.saved);
    // A secrecy mark means the access mode Mật (03): picking one sets it, which the clerk can see and change.
    const implied: Partial<MetadataFormValues> = field === 'secrecyMark' && value !== '' ? { mode: '03' } : {};
    const changed = [field, ...(Object.keys(implied) as MetadataField[])];
    const next: MetadataDraft = {
      ...base,
      values: { ...base.values, [field]: value, ...implied },
      proposed: base.proposed.filter((f) => !changed.includes(f)),
      touched: union(base.touched, changed),
      badDates: base.badDates.filter((f) => f !== field),
    };
    latest.current = { ...latest.current, draft: next };
    commit(next);
  }

  function markBadDate(field: MetadataField, bad: boolean) {
    const base = latest.current.draft ?? freshDraft(latest.current.saved);
    if (base.badDates.includes(field) === bad) return;
    const badDates = bad ? [...base.badDates, field] : base.badDates.filter((f) => f !== field);
    const next = { ...base, badDates, touched: union(base.touched, [field]) };
    latest.current = { ...latest.current, draft: next };
    commit(next);
  }

  async function save() {
    if (busy) return;
    const current = latest.current.draft;
    const sent = current?.values ?? latest.current.saved;
    const checked = validateMetadataForm(sent);
    if (!checked.ok || (current && current.badDates.length > 0)) {
      setDraft(doc.id, { ...(current ?? freshDraft(sent)), submitted: true });
      const first = METADATA_FIELDS.find((f) => (!checked.ok && checked.errors[f]) || current?.badDates.includes(f));
      const group = METADATA_GROUPS.find((g) => first !== undefined && g.fields.includes(first));
      if (group) setOpenGroups((open) => new Set([...open, group.id]));
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
    setIndexView(result.value);
    const base = latest.current.draft ?? freshDraft(latest.current.saved);
    const { values: merged, filled } = mergeProposal(base.values, proposalValues(result.value));
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
    if (draft?.badDates.includes(field)) return t('metadata.incompleteDate');
    return issueText(errors[field]);
  };
  const mark = (field: MetadataField) => (draft?.proposed.includes(field) ? t('metadata.proposedMark') : undefined);
  const hasErrors = !validation.ok || Boolean(draft && draft.badDates.length > 0);

  const proposedClass = (name: MetadataField) => (draft?.proposed.includes(name) ? 'proposed' : undefined);
  const proposed = useMemo(() => proposalMarks(indexView, values), [indexView, values]);

  /** The marker of a value auto-indexing filled: its confidence in the tooltip; focus or click shows its words. */
  function proposalMarker(field: MetadataField, proposal: ProposalMark) {
    const confidence = formatConfidence(proposal.confidence);
    const title = proposal.low ? t('metadata.proposalUnsureTitle', { confidence }) : t('metadata.proposalTitle', { confidence });
    const show = () => {
      if (proposal.words.length > 0) onShowWords(proposal.words);
    };
    return (
      <button
        type="button"
        className={proposal.low ? 'proposal-marker proposal-unsure' : 'proposal-marker'}
        data-testid={`meta-proposal-${field}`}
        data-confidence={Math.round(proposal.confidence)}
        data-page={proposal.words[0]?.pageId}
        title={title}
        aria-label={`${t(`metadata.fields.${field}`)}: ${title}${proposal.words.length > 0 ? ` ${t('metadata.proposalShow')}` : ''}`}
        onFocus={show}
        onClick={show}
      >
        {t('metadata.proposalMark')}
        {proposal.low ? <span className="proposal-unsure-text"> · {t('metadata.proposalUnsure')}</span> : null}
      </button>
    );
  }

  function codeSelect(f: ArchivalField<MetadataField>, p: ControlProps) {
    const allowed = codeValues(f);
    const value = values[f.key];
    return (
      <select {...p} data-testid={`meta-${f.key}`} name={f.key} value={value} onChange={(e) => update(f.key, e.target.value)} className={proposedClass(f.key)}>
        <option value="">{t('metadata.codeNone', { field: f[lang].toLocaleLowerCase(lang) })}</option>
        {/* A value stored before the list knew it stays visible rather than silently replaced. */}
        {value !== '' && !allowed.includes(value) ? <option value={value}>{value}</option> : null}
        {(f.codes ?? []).map((c) => (
          <option key={c.code} value={f.stores === 'name' ? c.vi : c.code}>
            {c.code} – {c.vi}
          </option>
        ))}
      </select>
    );
  }

  function codeChecks(f: ArchivalField<MetadataField>, p: ControlProps) {
    const picked = values[f.key].split(',').filter((code) => code !== '');
    const toggle = (code: string, on: boolean) => {
      const next = on ? [...picked, code] : picked.filter((c) => c !== code);
      update(f.key, codeValues(f).filter((c) => next.includes(c)).join(','));
    };
    return (
      <div {...p} role="group" aria-label={f[lang]} className={['code-checks', proposedClass(f.key)].filter(Boolean).join(' ')} data-testid={`meta-${f.key}`}>
        {(f.codes ?? []).map((c) => (
          <label key={c.code} className="inline-label">
            <input type="checkbox" data-testid={`meta-${f.key}-${c.code}`} checked={picked.includes(c.code)} onChange={(e) => toggle(c.code, e.target.checked)} />
            {c[lang]}
          </label>
        ))}
      </div>
    );
  }

  function control(f: ArchivalField<MetadataField>, p: ControlProps): ReactNode {
    const name = f.key;
    const rows = LAYOUT[name]?.rows;
    // Computed from the dossier and the pages: shown, never typed nor sent.
    if (f.derived) return <input {...p} readOnly className="derived" data-testid={`meta-${name}`} name={name} value={values[name]} />;
    switch (f.type) {
      case 'code':
        return f.multiple ? codeChecks(f, p) : codeSelect(f, p);
      case 'date':
        return (
          <input
            {...p}
            type="date"
            data-testid={`meta-${name}`}
            name={name}
            min="1900-01-01"
            value={values[name]}
            onChange={(e) => update(name, e.target.value)}
            onBlur={(e) => markBadDate(name, e.currentTarget.validity.badInput)}
            className={proposedClass(name)}
          />
        );
      case 'integer':
        return (
          <input {...p} type="number" min={0} step={1} data-testid={`meta-${name}`} name={name} value={values[name]} onChange={(e) => update(name, e.target.value)} className={proposedClass(name)} />
        );
      case 'boolean':
        return (
          <input
            {...p}
            type="checkbox"
            data-testid={`meta-${name}`}
            name={name}
            checked={values[name] === 'true'}
            onChange={(e) => update(name, String(e.target.checked))}
            className={proposedClass(name)}
          />
        );
      case 'text':
        return rows ? (
          <textarea {...p} data-testid={`meta-${name}`} name={name} rows={rows} value={values[name]} onChange={(e) => update(name, e.target.value)} className={proposedClass(name)} />
        ) : (
          <input
            {...p}
            data-testid={`meta-${name}`}
            name={name}
            value={values[name]}
            placeholder={hasPlaceholder(name) ? t(`metadata.placeholders.${name}`) : undefined}
            onChange={(e) => update(name, e.target.value)}
            className={proposedClass(name)}
            spellCheck={false}
          />
        );
    }
  }

  const nd30Marks = documentMarks(values);

  function fieldOf(f: ArchivalField<MetadataField>) {
    const layout = LAYOUT[f.key];
    const hint = layout?.rows && f.max !== undefined ? t('metadata.characters', { n: values[f.key].length, max: f.max }) : f.derived ? t('metadata.derived') : undefined;
    return (
      <Field
        key={f.key}
        id={`meta-${f.key}`}
        label={t(`metadata.fields.${f.key}`)}
        error={errorFor(f.key)}
        mark={mark(f.key)}
        hint={hint}
        className={layout?.wide ? 'span-2' : ''}
      >
        {(p) => {
          const proposal = proposed[f.key];
          return proposal ? (
            <>
              {control(f, p)}
              {proposalMarker(f.key, proposal)}
            </>
          ) : (
            control(f, p)
          );
        }}
      </Field>
    );
  }

  return (
    <section className="metadata" aria-labelledby="metadata-heading">
      <div className="panel-head">
        <h2 id="metadata-heading">
          {t('metadata.heading')} <span className="code">{doc.docCode}</span>
        </h2>
        {nd30Marks.map((m) => (
          <span key={m} className="badge nd30-mark" data-testid="meta-mark">
            {m}
          </span>
        ))}
        {dirty ? (
          <span className="badge unsaved" data-testid="meta-unsaved">
            {t('metadata.unsaved')}
          </span>
        ) : null}
      </div>
      <form className="metadata-form" onSubmit={onSubmit} noValidate data-testid="meta-form">
        {METADATA_GROUPS.map((g) => {
          const open = openGroups.has(g.id) || g.fields.some((f) => errorFor(f) !== undefined);
          return (
            <details
              key={g.id}
              className="metadata-group span-2"
              open={open}
              data-testid={`meta-group-${g.id}`}
              onToggle={(e) => {
                const nowOpen = e.currentTarget.open;
                if (nowOpen !== openGroups.has(g.id)) setOpenGroups((was) => (nowOpen ? new Set([...was, g.id]) : new Set([...was].filter((id) => id !== g.id))));
              }}
            >
              <summary>{t(`metadata.groups.${g.id}`)}</summary>
              <div className="metadata-form">{g.fields.map((key) => fieldOf(FORM_FIELD.get(key)!))}</div>
            </details>
          );
        })}
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
