// The open dossier: its documents and pages, refreshed (throttled) while jobs change them.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentView, DossierDetail, PageView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { createThrottle } from '../lib/throttle';

const REFRESH_MS = 1500;

export interface DossierData {
  detail: DossierDetail | null;
  pages: PageView[];
  error: AppErrorView | null;
  refresh(): void;
  replaceDocument(document: DocumentView): void;
}

export function useDossierData(dossierId: number): DossierData {
  const call = useCall();
  const [detail, setDetail] = useState<DossierDetail | null>(null);
  const [pages, setPages] = useState<PageView[]>([]);
  const [error, setError] = useState<AppErrorView | null>(null);
  // Answers can come back out of order while a job runs: only the newest request may write.
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    return Promise.all([call('dossier:get', { dossierId }), call('page:list', { dossierId })]).then(([d, p]) => {
      if (mine !== generation.current) return;
      if (d.ok) setDetail(d.value);
      if (p.ok) setPages(p.value);
      setError(!d.ok ? d.error : !p.ok ? p.error : null);
    });
  }, [call, dossierId]);

  useEffect(() => {
    const throttle = createThrottle(() => void load(), REFRESH_MS);
    const offJob = api.on('job:progress', (job) => {
      if (job.dossierId === dossierId) throttle.trigger();
    });
    const offChanged = api.on('dossier:changed', (event) => {
      if (event.dossierId === dossierId) throttle.trigger();
    });
    return () => {
      offJob();
      offChanged();
      throttle.cancel();
    };
  }, [load, dossierId]);

  useEffect(() => {
    void load();
  }, [load]);

  const refresh = useCallback(() => void load(), [load]);

  const replaceDocument = useCallback((document: DocumentView) => {
    setDetail((current) =>
      current ? { ...current, documents: current.documents.map((d) => (d.id === document.id ? document : d)) } : current,
    );
  }, []);

  return { detail, pages, error, refresh, replaceDocument };
}
