import os from 'node:os';
import path from 'node:path';

/**
 * Where the workstation keeps its database, page store and logs. The desktop app and the `sohoa`
 * command use the same folder so that both see the same dossiers. SOHOA_DATA overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SOHOA_DATA) return path.resolve(env.SOHOA_DATA);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'TramSoHoa');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'TramSoHoa');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'tram-so-hoa');
}

/** The default outbox for exports: a folder the clerk can find, next to their documents. */
export function defaultOutboxDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SOHOA_OUTBOX) return path.resolve(env.SOHOA_OUTBOX);
  return path.join(os.homedir(), 'TramSoHoa-outbox');
}
