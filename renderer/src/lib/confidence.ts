// OCR confidence (0–100) into the few levels the reviewer needs to see.
import { LOW_CONFIDENCE } from '../../../main/contract/domain';

/** Words below this are marked for checking; main lists them with the same threshold (`words:lowConfidence`). */
export { LOW_CONFIDENCE };
/** From here a page is considered reliably recognized. */
export const HIGH_CONFIDENCE = 85;

export type ConfidenceLevel = 'none' | 'low' | 'medium' | 'high';

export function confidenceLevel(confidence: number | null | undefined): ConfidenceLevel {
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return 'none';
  if (confidence < LOW_CONFIDENCE) return 'low';
  if (confidence < HIGH_CONFIDENCE) return 'medium';
  return 'high';
}

export function isLowConfidence(confidence: number): boolean {
  return confidenceLevel(confidence) === 'low';
}

/** CSS class for a confidence badge or word. */
export function confidenceClass(confidence: number | null | undefined): string {
  return `confidence-${confidenceLevel(confidence)}`;
}

/** "87%"; an em dash when there is no value yet. */
export function formatConfidence(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return '—';
  return `${Math.round(Math.min(100, Math.max(0, confidence)))}%`;
}
