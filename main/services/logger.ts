import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

const MAX_LOG_BYTES = 10 * 1024 * 1024;

/**
 * Structured JSON logs in `<dataDir>/logs/sohoa.log`, rotated at start-up past 10 MB (three kept).
 * Callers log ids and counts, never personal data or secrets.
 */
export function createLogger(dataDir: string, level = process.env.SOHOA_LOG_LEVEL ?? 'info'): Logger {
  const dir = path.join(dataDir, 'logs');
  // Private like the rest of the data folder (created with it when it does not exist yet).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'sohoa.log');
  if (existsSync(file) && statSync(file).size > MAX_LOG_BYTES) {
    for (let i = 2; i >= 1; i--) {
      if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    }
    renameSync(file, `${file}.1`);
  }
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: file, sync: false, mkdir: true }));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
