// The folders clerks and reviewers may export to, besides the default outbox: a supervisor adds and
// removes them (main refuses an export anywhere else, after resolving links).
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { exportFolderSchema } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall, type Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { ListState } from '../components/list-state';
import { FormError } from '../components/form-error';
import { useIssueText } from '../components/use-issue-text';
import { fieldIssues, type FieldIssue } from '../lib/validation-issues';

export function ExportFoldersForm() {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const view = useData(useCallback((quiet: Call) => quiet('exportFolders:get', {}), []));
  const [folder, setFolder] = useState('');
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [error, setError] = useState<AppErrorView | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    const parsed = exportFolderSchema.safeParse(folder);
    setIssue(parsed.success ? undefined : fieldIssues(parsed.error.issues)['']);
    setError(null);
    if (!parsed.success) return;
    const result = await call('exportFolders:add', { folder: parsed.data }, { quiet: true });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    view.update(() => result.value);
    setFolder('');
    pushInfo(t('exportFolders.added', { folder: parsed.data }));
  }

  async function remove(path: string) {
    const result = await call('exportFolders:remove', { folder: path });
    if (!result.ok) return;
    view.update(() => result.value);
    pushInfo(t('exportFolders.removed', { folder: path }));
  }

  return (
    <form className="card-form" onSubmit={(e) => void add(e)} noValidate aria-labelledby="export-folders-heading" data-testid="export-folders-form">
      <h2 id="export-folders-heading">{t('exportFolders.heading')}</h2>
      <p className="muted small-text">{t('exportFolders.intro')}</p>
      <ListState data={view}>
        {(folders) => (
          <>
            <p className="small-text">
              {t('exportFolders.defaultFolder')}: <span className="path">{folders.defaultOutbox}</span>
            </p>
            {folders.folders.length === 0 ? (
              <p className="muted small-text">{t('exportFolders.empty')}</p>
            ) : (
              <ul aria-label={t('exportFolders.list')} data-testid="export-folders-list">
                {folders.folders.map((f) => (
                  <li key={f}>
                    <span className="path">{f}</span>{' '}
                    <button type="button" className="small" onClick={() => void remove(f)} aria-label={`${t('exportFolders.remove')} ${f}`}>
                      {t('exportFolders.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </ListState>
      <Field id="export-folder-new" label={t('exportFolders.folder')} hint={t('exportFolders.folderHint')} error={issueText(issue)}>
        {(p) => <input {...p} data-testid="export-folder-new" spellCheck={false} value={folder} onChange={(e) => setFolder(e.target.value)} />}
      </Field>
      <FormError error={error} testId="export-folders-error" />
      <button type="submit" className="primary" data-testid="export-folder-add">
        {t('exportFolders.add')}
      </button>
    </form>
  );
}
