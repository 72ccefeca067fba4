// Keyboard shortcuts, in a native modal dialog (Escape closes it, focus returns where it was).
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../components/modal-dialog';

const SHORTCUTS = [
  { keys: ['?'], what: 'help' },
  { keys: ['Esc'], what: 'escape' },
  { keys: ['Tab', 'Shift+Tab'], what: 'tab' },
  { keys: ['←', '→', '↑', '↓', 'Home', 'End', 'PageUp', 'PageDown'], what: 'thumbnails' },
  { keys: ['Alt+↓', 'Alt+↑'], what: 'nextPage' },
  { keys: ['+', '−'], what: 'zoom' },
  { keys: ['0', '1'], what: 'fit' },
  { keys: ['Ctrl+S'], what: 'save' },
  { keys: ['Ctrl+Enter'], what: 'importNow' },
  { keys: ['F2'], what: 'scanNext' },
  { keys: ['Shift+F2'], what: 'rescan' },
  { keys: ['Alt+F2'], what: 'scanInsert' },
  { keys: ['Delete'], what: 'deletePage' },
  { keys: ['Ctrl+←', 'Ctrl+→'], what: 'movePage' },
  { keys: ['[', ']'], what: 'rotatePage' },
  { keys: ['O', 'D', 'C', 'L'], what: 'pageAuto' },
  { keys: ['S'], what: 'splitPage' },
  { keys: ['T'], what: 'blankPage' },
  { keys: ['B'], what: 'beforeAfter' },
  { keys: ['Ctrl+Z'], what: 'undoPage' },
  { keys: ['N', 'Enter'], what: 'splitDocument' },
  { keys: ['M', 'Shift+M'], what: 'mergeDocument' },
  { keys: ['V'], what: 'movePages' },
  { keys: ['K'], what: 'keepPage' },
  { keys: ['Shift+click', 'Ctrl+click', 'Shift+←/→'], what: 'choosePages' },
  { keys: ['Ctrl+Z'], what: 'undoReshape' },
  { keys: ['Ctrl+K', 'Ctrl+F'], what: 'search' },
] as const;

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ModalDialog className="help-dialog" labelledBy="help-title" onEscape={onClose}>
      <div data-testid="help-dialog">
        <h2 id="help-title">{t('help.title')}</h2>
        <p className="muted">{t('help.intro')}</p>
        <dl className="shortcuts">
          {SHORTCUTS.map((s) => (
            <div key={s.what} className="shortcut">
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </dt>
              <dd>{t(`help.keys.${s.what}`)}</dd>
            </div>
          ))}
        </dl>
        <div className="dialog-actions">
          <button type="button" className="primary" autoFocus onClick={onClose} data-testid="help-close">
            {t('common.close')}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
