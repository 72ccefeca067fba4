// Output file names made from input names (`sohoa process` writes `<docId>.pdf` from the input's base
// name). An input name is whatever arrived on a USB stick: up to 255 bytes, control characters, and
// bidi overrides that make `hoa-don<U+202E>fdp.exe` show as `hoa-donexe.pdf`. What is derived from it
// must be a name every file system takes, that says what it is, with room for the suffixes added to it.

/** Characters Windows refuses in names, replaced rather than dropped so that words stay apart. */
const FORBIDDEN = /[\\/:*?"<>|]/g;
/** Control characters, bidi overrides and isolates, zero-width and other invisible format characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Windows device names, reserved with any extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that cuts no letter from its marks. */
export function truncateBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/**
 * A file-name stem from an input name: NFC, no invisible or bidi characters, no characters Windows
 * refuses, no leading dot (a hidden file) or trailing dot or space (Windows drops them), not a device
 * name, at most `maxBytes` bytes (bytes, not characters: a Vietnamese letter takes two or three). Empty
 * when nothing usable is left.
 */
export function safeFileStem(name: string, maxBytes: number): string {
  const cleaned = name.normalize('NFC').replace(INVISIBLE, '').replace(FORBIDDEN, '_').replace(/\s+/g, ' ');
  const trim = (text: string) => text.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  const stem = trim(truncateBytes(trim(cleaned), maxBytes));
  return RESERVED.test(stem) ? `${stem}_` : stem;
}
