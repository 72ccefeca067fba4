// The signature block of a Nghị định 30 document (docs/domain.md §5.4), bottom right of its LAST page,
// after the body's `./.` and beside `Nơi nhận:` on the left: the authority prefix (TM., KT., TL., TUQ.:
// signed on behalf of the body or of its head), the signer's own position, then, under the signature and
// the seal, the signer's name. Q. (acting, quyền) belongs to the position itself: `Q. GIÁM ĐỐC`.
import type { FieldProposal } from '../contract/metadata-proposals';
import { centreX, evidence, letterHeight, wordsOf, type PrintedLine } from './layout-lines';
import { PLACES, POSITION_WORDS, SURNAMES, TITLES } from './nd30-vocabulary';
import { couldBeMisreadOf, fold, foldedAlternation, foldKey, restorePhrases, trimNoise } from './ocr-mending';

export interface SignatureBlock {
  readonly signerPosition: FieldProposal | null;
  readonly signerName: FieldProposal | null;
}

const END_OF_BODY = /\.\/\./;
const RECIPIENTS = /^[^\p{L}]{0,3}N[O0]I\s+NHAN/iu;
const DELEGATED = /^[^\p{L}]{0,3}(TM|KT|TL|TUQ)\s*[.,]\s*/u;
const ACTING = /^[^\p{L}]{0,3}Q\s*[.,]\s*/u;
const TITLE = new RegExp(`^(?:PHO\\s+)?(?:${foldedAlternation(TITLES)})\\b`);
/** A name: a family name then one to four capitalised syllables, and nothing else on its line. */
const NAME = /^(\p{Lu}\p{Ll}*)((?:\s+\p{Lu}\p{Ll}{0,6}){1,4})$/u;
/** The name is under the signature and the seal: within this many letter heights of the position. */
const NAME_REACH = 16;

const noEvidence: SignatureBlock = { signerPosition: null, signerName: null };

/** A family name as OCR may have printed it (a tone lost), restored to the known spelling. */
function surname(printed: string): string | null {
  return SURNAMES.find((known) => known === printed) ?? SURNAMES.find((known) => couldBeMisreadOf(printed, known)) ?? null;
}

function readName(line: PrintedLine): FieldProposal | null {
  const text = trimNoise(line.text);
  const match = NAME.exec(text);
  if (!match) return null;
  const family = surname(match[1] ?? '');
  if (!family) return null;
  const name = `${family}${match[2] ?? ''}`;
  // Recipients and places in the block's column (UBND TP. Hồ Chí Minh) are not signers.
  if (PLACES.some((place) => foldKey(place) === foldKey(name))) return null;
  const start = line.text.indexOf(text);
  return evidence(name, line.pageId, wordsOf(line, start, start + text.length), name !== text);
}

/** Every position a signer may hold: the titles and their deputies (PHÓ …), in capitals. */
const POSITIONS = [...TITLES, ...TITLES.map((title) => `PHÓ ${title}`)];
/** Fewest letters a position's surviving end must have to be restored from it. */
const MIN_TAIL_LETTERS = 6;

/**
 * The position whose end OCR read when the seal, stamped over the block's left, hid its first letters
 * (`ANH VĂN PHÒNG` for CHÁNH VĂN PHÒNG). Under KT. the signer is a deputy (PHÓ …), under TM./TL./TUQ.
 * a head; with no prefix line read (null) either could be. Only a single candidate is taken: `TRƯỞNG PHÒNG` could be the whole title or the end of PHÓ TRƯỞNG PHÒNG.
 */
function positionFromItsEnd(text: string, deputy: boolean | null): string | null {
  const seen = foldKey(text);
  if (seen.replace(/[^A-Z]/g, '').length < MIN_TAIL_LETTERS || POSITIONS.some((p) => foldKey(p) === seen)) return null;
  const candidates = POSITIONS.filter((p) => {
    const known = foldKey(p);
    return known.endsWith(seen) && known.length > seen.length;
  });
  // Without the prefix line (lost too) a deputy cannot be told from the head: nothing is guessed.
  const preferred = deputy === null ? candidates : candidates.filter((p) => p.startsWith('PHÓ ') === deputy);
  const pool = preferred.length > 0 ? preferred : candidates;
  return pool.length === 1 ? (pool[0] ?? null) : null;
}

export function readSignatureBlock(lines: readonly PrintedLine[], page: { width: number; height: number }): SignatureBlock {
  const endOfBody = lines.findLast((line) => END_OF_BODY.test(line.text));
  const recipients = lines.find((line) => RECIPIENTS.test(fold(line.text)) && centreX(line) < page.width / 2);
  const zoneTop = Math.min(endOfBody?.y1 ?? Infinity, recipients ? recipients.y0 - letterHeight(recipients) : Infinity);
  if (zoneTop === Infinity) return noEvidence;
  const column = lines.filter((line) => line.y0 >= zoneTop - 2 && centreX(line) > page.width * 0.45);

  let position: PrintedLine | null = null;
  let positionText = '';
  let lastTitle: PrintedLine | null = null;
  let deputy: boolean | null = null;
  let restored = false;
  for (const line of column) {
    if (lastTitle && line.y0 - lastTitle.y1 > 3 * letterHeight(lastTitle)) break;
    const text = trimNoise(line.text);
    const folded = fold(text).toUpperCase();
    const delegated = DELEGATED.exec(folded);
    if (delegated) {
      // `KT. CHỦ TỊCH`: on whose behalf; the signer's own position is on the next line.
      lastTitle = line;
      deputy = delegated[1] === 'KT';
      continue;
    }
    const acting = ACTING.exec(folded);
    const rest = acting ? folded.slice(acting[0].length) : folded;
    const fromEnd = !position && text === text.toUpperCase() && !TITLE.test(rest) ? positionFromItsEnd(text, deputy) : null;
    if (fromEnd) {
      lastTitle = line;
      position = line;
      positionText = fromEnd;
      restored = true;
      continue;
    }
    if (!TITLE.test(rest) || text !== text.toUpperCase()) {
      if (lastTitle) break;
      continue;
    }
    lastTitle = line;
    const title = restorePhrases(acting ? text.slice(acting[0].length) : text, POSITION_WORDS);
    positionText = acting ? `Q. ${title}` : title;
    position = line;
  }
  if (!lastTitle) return noEvidence;
  const height = letterHeight(lastTitle);
  const signerPosition = position ? evidence(positionText, position.pageId, position.words, restored || positionText !== trimNoise(position.text)) : null;
  for (const line of column) {
    if (line.y0 <= lastTitle.y1 || line.y0 - lastTitle.y1 > NAME_REACH * height) continue;
    const name = readName(line);
    if (name) return { signerPosition, signerName: name };
  }
  return { signerPosition, signerName: null };
}
