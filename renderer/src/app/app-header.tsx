import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationView, UserView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { isSupervisor, roleLabel } from '../lib/roles';
import { LanguageSwitch } from './language-switch';
import { useLang } from './use-lang';
import type { View } from './views';

export interface AppHeaderProps {
  user: UserView;
  view: View;
  onView: (view: View) => void;
  onSearch: () => void;
  onHelp: () => void;
  onLogout: () => void;
}

export function AppHeader({ user, view, onView, onSearch, onHelp, onLogout }: AppHeaderProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const call = useCall();
  const [station, setStation] = useState<StationView | null>(null);
  // Read again on each change of view: a supervisor who renamed the station sees it once they move on.
  useEffect(() => {
    void call('station:get', {}, { quiet: true }).then((result) => {
      if (result.ok) setStation(result.value);
    });
  }, [call, view]);
  const views: View[] = isSupervisor(user.role) ? ['workspace', 'summary', 'users', 'profiles', 'audit', 'recovery'] : ['workspace', 'summary'];
  return (
    <header className="app-header">
      <span className="app-name">{t('app.title')}</span>
      <nav aria-label={t('header.nav')} className="app-nav">
        {views.map((v) => (
          <button
            key={v}
            type="button"
            className="nav-button"
            aria-current={view === v ? 'page' : undefined}
            data-testid={`nav-${v}`}
            onClick={() => onView(v)}
          >
            {t(`header.${v}`)}
          </button>
        ))}
      </nav>
      <button type="button" className="search-open" onClick={onSearch} title={t('header.searchLabel')} aria-keyshortcuts="Control+K Control+F" data-testid="search-open">
        <span aria-hidden="true">⌕</span> {t('header.search')} <kbd>Ctrl+K</kbd>
      </button>
      {station ? (
        <span className="station-name muted small-text" aria-label={t('station.label')} title={station.stationId} data-testid="station-name">
          {station.name ?? t('station.unnamed')}
        </span>
      ) : null}
      <div className="app-user" aria-label={t('header.user')} data-testid="current-user">
        <span className="user-name">{user.fullName}</span>
        <span className="user-role" data-testid="current-role">
          {roleLabel(user.role, lang)}
        </span>
      </div>
      <LanguageSwitch />
      <button type="button" className="icon-button" onClick={onHelp} aria-label={t('header.helpLabel')} title={t('header.helpLabel')} data-testid="help-open">
        ?
      </button>
      <button type="button" onClick={onLogout} data-testid="logout">
        {t('header.logout')}
      </button>
    </header>
  );
}
