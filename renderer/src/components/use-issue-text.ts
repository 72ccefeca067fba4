// Field issues as text in the interface language.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../app/use-lang';
import type { FieldIssue } from '../lib/validation-issues';

export function useIssueText(): (issue: FieldIssue | undefined) => string | undefined {
  const { t } = useTranslation();
  const lang = useLang();
  return useCallback(
    (issue) => {
      if (!issue) return undefined;
      if (lang === 'vi' && issue.useMessageInVietnamese) return issue.message;
      if (lang === 'en' && issue.messageEn !== undefined) return issue.messageEn;
      return t(issue.key, issue.params);
    },
    [t, lang],
  );
}
