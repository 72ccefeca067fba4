// A transcription laid out as recognized words with boxes, one recognized line per line of text and a
// taller gap where the text has an empty line (a paragraph break on paper): words whose text and order
// are known, for the tests of what reads fields from words (the OCR tests read real scans instead).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WordView } from '../../main/contract/domain';
import { REAL_PAGES_DIR } from './temp-dir';

const LINE_HEIGHT = 30;
const LINE_GAP = 12;
const PARAGRAPH_GAP = 60;
const LETTER_WIDTH = 14;

/** Each word at 90 % confidence unless `confidence` says otherwise for its text. */
export function layOutText(text: string, confidence: (word: string) => number = () => 90): WordView[] {
  const words: WordView[] = [];
  let y = 40;
  let line = 0;
  for (const row of text.split('\n')) {
    if (row.trim() === '') {
      y += PARAGRAPH_GAP;
      continue;
    }
    let x = 60;
    for (const word of row.trim().split(/\s+/)) {
      const width = Array.from(word).length * LETTER_WIDTH;
      words.push({ text: word, x0: x, y0: y, x1: x + width, y1: y + LINE_HEIGHT, confidence: confidence(word), line });
      x += width + LETTER_WIDTH;
    }
    y += LINE_HEIGHT + LINE_GAP;
    line += 1;
  }
  return words;
}

/** The transcriptions of the nine real pages (ground-truth.jsonl), by document id. */
export function realTranscriptions(): Map<string, string> {
  return new Map(
    readFileSync(path.join(REAL_PAGES_DIR, '..', 'ground-truth.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { doc_id: string; text: string })
      .map((record) => [record.doc_id, record.text]),
  );
}
