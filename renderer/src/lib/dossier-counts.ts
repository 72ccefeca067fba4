// "2 văn bản · 5 trang · 5 đã nhận dạng": three counts, each with its own plural form.
import type { TFunction } from 'i18next';
import type { DossierView } from '../../../main/contract/domain';

export function dossierCountsText(t: TFunction, dossier: Pick<DossierView, 'documentCount' | 'pageCount' | 'recognizedPageCount'>): string {
  return t('dossier.counts', {
    documents: t('dossier.documentCount', { count: dossier.documentCount }),
    pages: t('pages.count', { count: dossier.pageCount }),
    recognized: t('dossier.recognizedCount', { count: dossier.recognizedPageCount }),
  });
}
