// Decides what the person sees first: loading, first-run setup, sign-in, or the workstation.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { api } from '../api/index';
import { useDrafts } from '../app/drafts-context';
import { SessionContext, type SessionApi } from '../app/session-context';
import { Workstation } from '../app/workstation';
import { unreachableError } from '../lib/error-text';
import { useErrorText } from '../components/use-error-text';
import { LoginForm } from './login-form';
import { SetupForm } from './setup-form';

type Gate =
  | { phase: 'loading' }
  | { phase: 'failed'; error: AppErrorView }
  | { phase: 'setup' }
  | { phase: 'login'; username: string; message: 'created' | null }
  | { phase: 'ready'; user: UserView; expired: boolean };

async function readSession(): Promise<Gate> {
  try {
    const result = await api.invoke('session:get', {});
    if (!result.ok) return { phase: 'failed', error: result.error };
    if (result.value.user) return { phase: 'ready', user: result.value.user, expired: false };
    if (result.value.needsFirstSupervisor) return { phase: 'setup' };
    return { phase: 'login', username: '', message: null };
  } catch (error) {
    console.error('session:get failed', error);
    return { phase: 'failed', error: unreachableError() };
  }
}

export function SessionGate() {
  const { t } = useTranslation();
  const errors = useErrorText();
  const [gate, setGate] = useState<Gate>({ phase: 'loading' });
  const { clearDrafts } = useDrafts();

  const load = useCallback(async () => {
    setGate(await readSession());
  }, []);

  useEffect(() => {
    let live = true;
    void readSession().then((next) => {
      if (live) setGate(next);
    });
    return () => {
      live = false;
    };
  }, []);

  // The workstation stays mounted under a sign-in dialog, so whatever was typed survives.
  const expire = useCallback(() => {
    setGate((g) => (g.phase === 'ready' && !g.expired ? { ...g, expired: true } : g));
  }, []);

  const session = useMemo<SessionApi>(() => ({ user: gate.phase === 'ready' ? gate.user : null, expire }), [gate, expire]);

  let screen;
  switch (gate.phase) {
    case 'loading':
      screen = (
        <main id="main" className="auth-screen" tabIndex={-1}>
          <p className="muted" role="status">
            {t('app.loading')}
          </p>
        </main>
      );
      break;
    case 'failed':
      screen = (
        <main id="main" className="auth-screen" tabIndex={-1}>
          <div className="auth-card">
            <h1>{t('app.title')}</h1>
            <p className="form-error" role="alert">
              {t('app.startFailed')} {errors.text(gate.error)}
            </p>
            <button type="button" className="primary" onClick={() => void load()}>
              {t('app.retry')}
            </button>
          </div>
        </main>
      );
      break;
    case 'setup':
      screen = (
        <SetupForm
          onDone={(username) => {
            // Setup may or may not open a session; ask main rather than assume.
            void readSession().then((next) =>
              setGate(next.phase === 'ready' ? next : { phase: 'login', username, message: 'created' }),
            );
          }}
        />
      );
      break;
    case 'login':
      screen = (
        <LoginForm
          key={gate.message ?? 'login'}
          initialUsername={gate.username}
          message={gate.message === 'created' ? t('setup.done') : undefined}
          onSignedIn={(user) => setGate({ phase: 'ready', user, expired: false })}
        />
      );
      break;
    case 'ready': {
      const current = gate.user;
      screen = (
        <>
          <Workstation key={current.id} user={current} onSignedOut={() => setGate({ phase: 'login', username: '', message: null })} />
          {gate.expired ? (
            <LoginForm
              variant="dialog"
              initialUsername={current.username}
              message={t('app.sessionExpired')}
              onSignedIn={(user) => {
                // Someone else signing in must not inherit the previous person's unsaved input.
                if (user.id !== current.id) clearDrafts();
                setGate({ phase: 'ready', user, expired: false });
              }}
            />
          ) : null}
        </>
      );
      break;
    }
  }

  return <SessionContext.Provider value={session}>{screen}</SessionContext.Provider>;
}
