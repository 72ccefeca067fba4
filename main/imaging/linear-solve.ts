/**
 * Solves the small dense systems of the imaging code (least-squares normal equations of a paper-tone
 * surface, of a stitching layout, of a rigid fit): A·x = b by Gaussian elimination with partial pivoting,
 * in place (A and b are overwritten). A column whose best pivot is under `epsilon` is singular: its
 * unknown is left at 0 (a pass pinned by nothing stays where it is) and `singular` says so, for callers
 * that would rather give up.
 */
export function solveLinear(A: number[][], b: number[], epsilon = 1e-12): { x: number[]; singular: boolean } {
  const n = b.length;
  let singular = false;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[pivot]![c]!)) pivot = r;
    [A[c], A[pivot]] = [A[pivot]!, A[c]!];
    [b[c], b[pivot]] = [b[pivot]!, b[c]!];
    const d = A[c]![c]!;
    if (Math.abs(d) < epsilon) {
      singular = true;
      continue;
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r]![c]! / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r]![k]! -= f * A[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    if (Math.abs(A[r]![r]!) < epsilon) continue;
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= A[r]![k]! * x[k]!;
    x[r] = s / A[r]![r]!;
  }
  return { x, singular };
}
