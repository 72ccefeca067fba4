// The recognized text of the page on screen, fetched again when the page's state changes.
import { useEffect, useState } from 'react';
import type { PageDetail, PageView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';

export function usePageDetail(page: PageView | null): { detail: PageDetail | null; loading: boolean } {
  const call = useCall();
  const [loaded, setLoaded] = useState<{ key: string; detail: PageDetail | null } | null>(null);
  const pageId = page?.id ?? null;
  const state = page?.state ?? null;
  const confidence = page?.confidence ?? null;
  const version = page?.imageVersion ?? null;
  const key = `${pageId}:${state}:${confidence}:${version}`;

  useEffect(() => {
    if (pageId === null) return;
    let live = true;
    void call('page:get', { pageId }).then((result) => {
      if (live) setLoaded({ key, detail: result.ok ? result.value : null });
    });
    return () => {
      live = false;
    };
  }, [call, pageId, key]);

  if (pageId === null) return { detail: null, loading: false };
  // Keep showing the previous answer for the same page while a newer one loads (no flicker during OCR).
  const current = loaded && loaded.detail && loaded.detail.id === pageId ? loaded.detail : null;
  return { detail: current, loading: loaded?.key !== key };
}
