// All jobs of the workstation: the list on start, then every `job:progress` event.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../../../main/contract/domain';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { isActiveJob, sortJobs, upsertJob } from '../lib/job-format';

export interface JobsApi {
  jobs: JobView[];
  /** A job just started by this window (the event may already have brought a newer state). */
  addJob(job: JobView): void;
  /** A job state returned by a call (e.g. cancel). */
  updateJob(job: JobView): void;
  dismiss(jobId: number): void;
}

export function useJobs(dossierLabel: (dossierId: number | null) => string): JobsApi {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo, pushError } = useNotices();
  const [jobs, setJobs] = useState<JobView[]>([]);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const lastState = useRef(new Map<number, JobView['state']>());
  const label = useRef(dossierLabel);

  useEffect(() => {
    label.current = dossierLabel;
  }, [dossierLabel]);

  useEffect(() => {
    let live = true;
    const off = api.on('job:progress', (job) => {
      const before = lastState.current.get(job.id);
      lastState.current.set(job.id, job.state);
      // Say so when a job ends while this window watched it run.
      if (before !== undefined && before !== job.state && (before === 'queued' || before === 'running')) {
        if (job.state === 'done') {
          pushInfo(t('jobs.finished', { kind: t(`jobs.kind.${job.kind}`), dossier: label.current(job.dossierId) }));
        } else if (job.state === 'failed' && job.error) {
          pushError(job.error);
        }
      }
      setJobs((list) => upsertJob(list, job));
    });
    void call('job:list', {}).then((result) => {
      if (!live || !result.ok) return;
      for (const job of result.value) if (!lastState.current.has(job.id)) lastState.current.set(job.id, job.state);
      setJobs((current) => {
        // Events that arrived while the list was loading are newer than the list.
        const byId = new Map(result.value.map((j) => [j.id, j]));
        for (const job of current) byId.set(job.id, job);
        return sortJobs([...byId.values()]);
      });
    });
    return () => {
      live = false;
      off();
    };
  }, [call, pushInfo, pushError, t]);

  const addJob = useCallback((job: JobView) => {
    if (!lastState.current.has(job.id)) lastState.current.set(job.id, job.state);
    setJobs((list) => (list.some((j) => j.id === job.id) ? list : upsertJob(list, job)));
  }, []);

  const updateJob = useCallback((job: JobView) => {
    lastState.current.set(job.id, job.state);
    setJobs((list) => upsertJob(list, job));
  }, []);

  const dismiss = useCallback((jobId: number) => {
    setHidden((set) => new Set(set).add(jobId));
  }, []);

  return { jobs: jobs.filter((j) => !hidden.has(j.id) || isActiveJob(j)), addJob, updateJob, dismiss };
}
