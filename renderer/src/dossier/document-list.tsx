// The dossier's documents in order; choosing one shows its first page and its metadata.
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../main/contract/domain';
import { documentMarks } from '../lib/metadata-form';

export interface DocumentListProps {
  documents: readonly DocumentView[];
  activeId: number | null;
  unsaved: (documentId: number) => boolean;
  onSelect: (document: DocumentView) => void;
}

export function DocumentList({ documents, activeId, unsaved, onSelect }: DocumentListProps) {
  const { t } = useTranslation();
  return (
    <section className="documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('documents.heading')}</h2>
      {documents.length === 0 ? (
        <p className="muted">{t('documents.empty')}</p>
      ) : (
        <ul className="pick-list" aria-label={t('documents.list')}>
          {documents.map((d) => {
            const type = d.metadata.typeName ?? t('documents.untyped');
            const number = [d.metadata.codeNumber, d.metadata.codeNotation].filter(Boolean).join('/');
            return (
              <li key={d.id}>
                <button
                  type="button"
                  className="pick document-pick"
                  aria-current={d.id === activeId ? 'true' : undefined}
                  data-testid={`document-${d.ordinal}`}
                  data-state={d.state}
                  onClick={() => onSelect(d)}
                >
                  <span className="pick-title">
                    <span className="ordinal">{d.ordinal}.</span> {type}
                    {number ? ` ${t('documents.number', { number })}` : ''}
                    {documentMarks(d.metadata).map((m) => (
                      <span key={m} className="badge nd30-mark" data-testid={`document-${d.ordinal}-mark`}>
                        {' '}
                        {m}
                      </span>
                    ))}
                  </span>
                  <span className="pick-meta">
                    <span className="code">{d.docCode}</span> · {t('documents.pages', { count: d.pageCount })} ·{' '}
                    <span className={`doc-state state-${d.state}`}>{t(`documents.state.${d.state}`)}</span>
                    {unsaved(d.id) ? <span className="badge unsaved"> {t('documents.unsaved')}</span> : null}
                    {d.exportedAt !== null && !d.changedSinceExport ? (
                      <span className="badge exported" data-testid={`document-${d.ordinal}-exported`}>
                        {' '}
                        {t('documents.exported')}
                      </span>
                    ) : null}
                    {d.packageOutdated ? (
                      <span className="badge package-outdated" title={t('documents.packageOutdatedHint')}>
                        {' '}
                        {t('documents.packageOutdated')}
                      </span>
                    ) : null}
                    {d.returnReason ? <span className="badge returned"> {t('documents.returnReason', { reason: d.returnReason })}</span> : null}
                    {d.changedSinceExport ? (
                      <span className="badge changed-since-export" title={t('documents.changedSinceExportHint')} data-testid={`document-${d.ordinal}-changed`}>
                        {' '}
                        {t('documents.changedSinceExport')}
                      </span>
                    ) : null}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
