import { useTranslation } from 'react-i18next';
import { SessionGate } from '../session/session-gate';
import { DraftsProvider } from './drafts-context';
import { NoticesProvider } from './notices';

export function App() {
  const { t } = useTranslation();
  return (
    <NoticesProvider>
      <DraftsProvider>
        <a className="skip-link" href="#main">
          {t('app.skipLink')}
        </a>
        <SessionGate />
      </DraftsProvider>
    </NoticesProvider>
  );
}
