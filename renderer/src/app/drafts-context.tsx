// Unsaved document metadata, kept above the signed-in screens so that switching documents or
// dossiers, a failed save or an expired session never loses what a clerk typed.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { MetadataField, MetadataFormValues } from '../lib/metadata-form';

export interface MetadataDraft {
  values: MetadataFormValues;
  /** Fields filled by "propose from the text" and not yet edited by hand. */
  proposed: MetadataField[];
  /** Fields edited since the last save: their errors are shown. */
  touched: MetadataField[];
  /** A save was attempted: all errors are shown. */
  submitted: boolean;
  /** The date inputs holding a date the browser cannot read yet (typed halfway). */
  badDates: MetadataField[];
}

export interface DraftsApi {
  drafts: Readonly<Record<number, MetadataDraft>>;
  setDraft(documentId: number, draft: MetadataDraft | null): void;
  clearDrafts(): void;
}

const DraftsContext = createContext<DraftsApi>({ drafts: {}, setDraft: () => undefined, clearDrafts: () => undefined });

export function DraftsProvider({ children }: { children: ReactNode }) {
  const [drafts, setDrafts] = useState<Record<number, MetadataDraft>>({});
  const setDraft = useCallback((documentId: number, draft: MetadataDraft | null) => {
    setDrafts((all) => {
      const next = { ...all };
      if (draft) next[documentId] = draft;
      else delete next[documentId];
      return next;
    });
  }, []);
  const clearDrafts = useCallback(() => setDrafts({}), []);
  const value = useMemo(() => ({ drafts, setDraft, clearDrafts }), [drafts, setDraft, clearDrafts]);
  return <DraftsContext.Provider value={value}>{children}</DraftsContext.Provider>;
}

export function useDrafts(): DraftsApi {
  return useContext(DraftsContext);
}
