import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorView } from '../../../main/contract/errors';
import { NoticesContext, type Notice, type NoticesApi } from './notices-context';
import { useErrorText } from '../components/use-error-text';

const MAX_NOTICES = 5;
const INFO_MS = 4000;

export function NoticesProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    const timer = timers.current.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.current.delete(id);
    setNotices((list) => list.filter((n) => n.id !== id));
  }, []);

  const pushError = useCallback((error: AppErrorView) => {
    const id = nextId.current++;
    setNotices((list) => {
      // The same error again (a refresh that keeps failing) is counted, not stacked.
      const same = list.find((n) => n.kind === 'error' && n.error.code === error.code && n.error.message === error.message);
      if (same && same.kind === 'error') {
        return [...list.filter((n) => n !== same), { ...same, repeat: same.repeat + 1 }];
      }
      return [...list, { id, kind: 'error' as const, error, repeat: 1 }].slice(-MAX_NOTICES);
    });
  }, []);

  const pushInfo = useCallback(
    (text: string) => {
      const id = nextId.current++;
      setNotices((list) => [...list, { id, kind: 'info' as const, text }].slice(-MAX_NOTICES));
      timers.current.set(id, setTimeout(() => dismiss(id), INFO_MS));
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  const value = useMemo<NoticesApi>(() => ({ pushError, pushInfo, dismiss }), [pushError, pushInfo, dismiss]);

  return (
    <NoticesContext.Provider value={value}>
      {children}
      <NoticeRegion notices={notices} onDismiss={dismiss} />
    </NoticesContext.Provider>
  );
}

function NoticeRegion({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  const { t } = useTranslation();
  const errors = useErrorText();
  return (
    <section className="notices" aria-label={t('notices.region')} data-testid="notices">
      {notices.map((notice) => (
        <div
          key={notice.id}
          className={`notice notice-${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid={notice.kind === 'error' ? 'notice-error' : 'notice-info'}
        >
          <p className="notice-text">
            {notice.kind === 'error' ? errors.withSubject(notice.error) : notice.text}
            {notice.kind === 'error' && notice.repeat > 1 ? <span className="notice-repeat"> ×{notice.repeat}</span> : null}
          </p>
          <button type="button" className="icon-button" onClick={() => onDismiss(notice.id)} aria-label={t('notices.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
