// Character error rate, the usual OCR quality figure: edit distance over the reference length.
// Whitespace runs collapse to one space first, because layout (line breaks, blank lines between
// paragraphs, the two header columns) should not count as character errors.

function normalise(text: string): number[] {
  const collapsed = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
  // NFC makes a Vietnamese letter one code point (ệ, not e + dot below + circumflex); code points
  // rather than UTF-16 units make a character outside the BMP count once too.
  return Array.from(collapsed, (char) => char.codePointAt(0) ?? 0);
}

/** Levenshtein distance between the two sequences, two rolling rows. */
function editDistance(a: number[], b: number[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * Edit distance between hypothesis and reference (Unicode code points, after NFC and whitespace
 * collapsing) divided by the reference length. 0 is perfect; it can exceed 1 when the hypothesis
 * is much longer. An empty reference gives 0 for an empty hypothesis and 1 otherwise.
 */
export function characterErrorRate(hypothesis: string, reference: string): number {
  const hyp = normalise(hypothesis);
  const ref = normalise(reference);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return editDistance(hyp, ref) / ref.length;
}
