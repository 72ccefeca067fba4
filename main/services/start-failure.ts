import { isAppError } from '../contract/errors';

/**
 * What a program that could not start says (the desktop shell's dialog, the host, the launcher): an
 * unavailable store is explained by its own message (which folder, what to check, nothing changed); other
 * errors get the headline, their message (Vietnamese for our own errors) and the general advice.
 */
export function startFailureText(error: unknown, headline: string, advice: string): string {
  if (isAppError(error) && error.code === 'STORE_UNAVAILABLE') return `${headline}. ${error.messageVi}`;
  const detail = isAppError(error) ? error.messageVi : error instanceof Error ? error.message : String(error);
  return `${headline}: ${detail}\n${advice}`;
}
