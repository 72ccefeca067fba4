// Text bound for the archival XML files (XMP in the PDF, ALTO beside it), made safe once here so that
// every writer cleans it the same way.

/**
 * Characters XML 1.0 cannot carry at all, not even escaped: C0 controls other than tab and line breaks,
 * lone surrogate halves and the two non-characters U+FFFE/U+FFFF. OCR output and pasted metadata can
 * hold them; one would make the whole file unreadable to a validator.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * One-line text for an XML value: NFC (precomposed Vietnamese letters, as the PDF text layer has them),
 * without characters XML forbids, runs of white space as one space (an attribute value's line breaks
 * would become spaces when read anyway), trimmed. Escaping is left to the XML builder.
 */
export function xmlLine(text: string): string {
  return text.normalize('NFC').replace(NOT_XML, '').replace(/\s+/g, ' ').trim();
}
