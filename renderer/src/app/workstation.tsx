// The signed-in screen: header, batches and dossiers on the left, the work in the middle,
// jobs along the bottom.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierView, PageSearchHit, UserView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { DossierWorkspace, type PageTarget } from '../dossier/dossier-workspace';
import { JobsPanel } from '../jobs/jobs-panel';
import { useJobs } from '../jobs/use-jobs';
import { isSearchShortcut, isTypingTarget } from '../lib/keyboard';
import { canCapture, isSupervisor } from '../lib/roles';
import { SearchDialog, type SearchState } from '../search/search-dialog';
import { Sidebar } from '../sidebar/sidebar';
import { AuditLog } from '../supervisor/audit-log';
import { ProgressSummaryView } from '../supervisor/progress-summary';
import { RecoveryAdmin } from '../supervisor/recovery-admin';
import { ScanProfileAdmin } from '../supervisor/scan-profile-admin';
import { UserAdmin } from '../supervisor/user-admin';
import { AppHeader } from './app-header';
import { useDrafts } from './drafts-context';
import { HelpDialog } from './help-dialog';
import type { View } from './views';

export interface WorkstationProps {
  user: UserView;
  onSignedOut: () => void;
}

export function Workstation({ user, onSignedOut }: WorkstationProps) {
  const { t } = useTranslation();
  const call = useCall();
  const { drafts, clearDrafts } = useDrafts();
  const [view, setView] = useState<View>('workspace');
  const [batchId, setBatchId] = useState<number | null>(null);
  const [dossierId, setDossierId] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const [lastSearch, setLastSearch] = useState<SearchState>({ query: '', scope: 'all' });
  // The page a search result opens, with the words it found to highlight.
  const [target, setTarget] = useState<PageTarget | null>(null);
  const [codes, setCodes] = useState<ReadonlyMap<number, string>>(new Map());

  const rememberDossiers = useCallback((dossiers: readonly Pick<DossierView, 'id' | 'fileCode'>[]) => {
    setCodes((known) => {
      if (dossiers.every((d) => known.get(d.id) === d.fileCode)) return known;
      const next = new Map(known);
      for (const d of dossiers) next.set(d.id, d.fileCode);
      return next;
    });
  }, []);

  const dossierLabel = useCallback(
    (id: number | null) => (id === null ? '' : t('jobs.dossier', { code: codes.get(id) ?? `#${id}` })),
    [codes, t],
  );
  const { jobs, addJob, updateJob, dismiss } = useJobs(dossierLabel);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target as HTMLElement | null)) {
        event.preventDefault();
        setHelpOpen(true);
      } else if (isSearchShortcut(event)) {
        event.preventDefault();
        setSearchOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const selectBatch = useCallback((id: number) => {
    setBatchId(id);
  }, []);

  const selectDossier = useCallback(
    (dossier: DossierView) => {
      rememberDossiers([dossier]);
      setDossierId(dossier.id);
      setView('workspace');
      // Chosen by hand: no search result to bring back when the dossier opens.
      setTarget(null);
    },
    [rememberDossiers],
  );

  const openHit = useCallback(
    (hit: PageSearchHit, state: SearchState) => {
      rememberDossiers([{ id: hit.dossierId, fileCode: hit.fileCode }]);
      setLastSearch(state);
      setSearchOpen(false);
      setDossierId(hit.dossierId);
      setView('workspace');
      setTarget({ dossierId: hit.dossierId, pageId: hit.pageId, documentId: hit.documentId, highlight: { pageId: hit.pageId, imageVersion: hit.imageVersion, words: hit.words } });
    },
    [rememberDossiers],
  );

  async function logout() {
    if (Object.keys(drafts).length > 0 && !window.confirm(t('app.unsavedOnLogout'))) return;
    const result = await call('auth:logout', {});
    if (result.ok) {
      clearDrafts();
      onSignedOut();
    }
  }

  const capture = canCapture(user.role);
  let content;
  if (view === 'summary') content = <ProgressSummaryView />;
  else if (view === 'users' && isSupervisor(user.role)) content = <UserAdmin />;
  else if (view === 'profiles' && isSupervisor(user.role)) content = <ScanProfileAdmin />;
  else if (view === 'audit' && isSupervisor(user.role)) content = <AuditLog />;
  else if (view === 'recovery' && isSupervisor(user.role)) content = <RecoveryAdmin />;
  else if (dossierId === null) content = <p className="empty-state">{capture ? t('workspace.none') : t('workspace.noneReviewer')}</p>;
  else
    content = (
      <DossierWorkspace
        key={dossierId}
        dossierId={dossierId}
        canCapture={capture}
        target={target?.dossierId === dossierId ? target : null}
        onJobStarted={addJob}
        onDossierLoaded={rememberDossiers}
      />
    );

  return (
    <div className="app">
      <AppHeader user={user} view={view} onView={setView} onSearch={() => setSearchOpen(true)} onHelp={() => setHelpOpen(true)} onLogout={() => void logout()} />
      <div className="app-body">
        <Sidebar
          canCapture={capture}
          batchId={batchId}
          dossierId={dossierId}
          onSelectBatch={selectBatch}
          onSelectDossier={selectDossier}
          onDossiersLoaded={rememberDossiers}
        />
        <main id="main" className="app-main" tabIndex={-1}>
          {content}
        </main>
      </div>
      <JobsPanel jobs={jobs} dossierLabel={dossierLabel} onDismiss={dismiss} onUpdated={updateJob} />
      {helpOpen ? <HelpDialog onClose={() => setHelpOpen(false)} /> : null}
      {searchOpen ? (
        <SearchDialog
          initial={lastSearch}
          dossier={dossierId !== null && view === 'workspace' ? { id: dossierId, code: codes.get(dossierId) ?? `#${dossierId}` } : null}
          batchId={batchId}
          onOpen={openHit}
          onClose={(state) => {
            setLastSearch(state);
            setSearchOpen(false);
          }}
        />
      ) : null}
    </div>
  );
}
