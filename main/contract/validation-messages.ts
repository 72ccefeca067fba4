// zod's own messages (a field missing, a number out of range) reach people inside VALIDATION errors, so
// in main they are Vietnamese like every other message; the English one of the same issue is rendered
// beside it for the language switch. The renderer words its form errors itself (lib/validation-issues.ts).
import { z } from 'zod';

const vietnamese = z.locales.vi();
const english = z.locales.en();

/** Once per process, before any schema is parsed: zod's built-in messages in Vietnamese. */
export function configureValidationMessages(): void {
  z.config(vietnamese);
}

/** The parts of a finished zod issue read here (structural, like validationError's). */
export interface IssueLike {
  code: string;
  message: string;
  expected?: unknown;
}

function rendered(locale: { localeError: (issue: never) => unknown }, issue: IssueLike): string | undefined {
  const out = locale.localeError(issue as never);
  return typeof out === 'string' ? out : ((out as { message?: string } | undefined)?.message ?? undefined);
}

/**
 * The issue in English. A message the contract wrote itself (a custom check, in Vietnamese) is kept as
 * it is. A finished issue no longer carries its input, so a type mismatch says what was expected only.
 */
export function englishIssueMessage(issue: IssueLike): string {
  if (issue.code === 'invalid_type') return issue.message.startsWith('Đầu vào không hợp lệ') ? `Invalid input: expected ${String(issue.expected)}` : issue.message;
  if (issue.message !== rendered(vietnamese, issue)) return issue.message;
  return rendered(english, issue) ?? issue.message;
}
