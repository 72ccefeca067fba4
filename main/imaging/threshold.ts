// Separating ink from paper on a grey image, shared by the analyses and the bitonal OCR image.

/** Otsu's threshold: the grey level that best separates ink from paper. */
export function otsuThreshold(data: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]!]!++;
  const total = data.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  let sumBack = 0;
  let weightBack = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    weightBack += histogram[v]!;
    if (weightBack === 0) continue;
    const weightFore = total - weightBack;
    if (weightFore === 0) break;
    sumBack += v * histogram[v]!;
    const meanBack = sumBack / weightBack;
    const meanFore = (sum - sumBack) / weightFore;
    const between = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (between > best) {
      best = between;
      threshold = v + 1;
    }
  }
  return threshold;
}

/**
 * The grey levels of `data` by share, from one histogram: `share` → the first level below which more
 * than that share of the pixels lies (255 when none). One pass however many shares are asked.
 */
export function tonePercentiles(data: Uint8Array): (share: number) => number {
  const histogram = new Float64Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]!]!++;
  return (share: number) => {
    const target = data.length * share;
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen > target) return v;
    }
    return 255;
  };
}

/**
 * Ink on the OCR image (derivatives.recognitionImage): print, rules and stamps are dark on light paper,
 * near black once the contrast is stretched; the middle grey splits them.
 */
export const OCR_INK_BELOW = 128;
