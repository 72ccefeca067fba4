// The arrangement of all passes from the evidence of every pair: which passes hang together, and where each
// lies. No grid or order is assumed: every pair of passes has been tried, each found overlap carries a
// confidence, and the layout is the maximum spanning tree of the confident overlaps, then adjusted by least
// squares over all of them at once, so that the loops of a grid (four passes round a corner) close instead
// of one chain of pairs piling up its errors. An overlap that the others contradict is dropped and the
// layout solved again; passes that no confident overlap ties to the rest stay apart and are reported.
import type { StitchDoubtReason } from '../contract/stitch';
import { apply, compose, corners, IDENTITY, invert, type Rigid } from './rigid';
import { solveLinear } from './linear-solve';

export interface PairMatch {
  /** A point of pass i and where it lies in pass j, in full-size pixels. */
  ax: number;
  ay: number;
  bx: number;
  by: number;
  weight: number;
}

export interface PairEvidence {
  i: number;
  j: number;
  /** Maps pass j's coordinates into pass i's. */
  transform: Rigid;
  /** 0..1. */
  confidence: number;
  /** Why the confidence is low: too little to match, or another place fitted nearly as well. */
  doubt: 'weak' | 'ambiguous' | null;
  matches: PairMatch[];
}

export type DoubtReason = StitchDoubtReason;

export interface LayoutDoubt {
  tile: number;
  other: number | null;
  reason: DoubtReason;
}

export interface Layout {
  /** Each pass into the common frame. */
  transforms: Rigid[];
  confidence: number[];
  doubts: LayoutDoubt[];
  /** Pass index → group; group 0 is the main one, the others could not be tied to it. */
  group: number[];
}

/** Overlaps weaker than this do not tie passes together at all. */
const MIN_LINK = 0.2;
/** Under this a pass counts as unsure (the same threshold the clerk's warning uses). */
export const UNSURE_BELOW = 0.5;
/** An overlap whose points miss the adjusted layout by more than this (px, RMS) contradicts the others. */
const CONTRADICTION_PX = 3;

/**
 * Lays out passes of the given sizes from the pairs' evidence. The main group is the largest set of passes
 * tied together (ties: the one holding the lowest index); its lowest-index pass is the frame of reference.
 * Other groups are laid to the right of what is placed, each unturned about its own first pass.
 */
export function arrangePasses(sizes: { width: number; height: number }[], pairs: PairEvidence[]): Layout {
  const n = sizes.length;
  let active = pairs.filter((p) => p.confidence >= MIN_LINK);
  const contradicted: PairEvidence[] = [];
  let solved: { groups: number[][]; transforms: Rigid[] };
  for (;;) {
    solved = solve(n, active);
    const worst = worstContradiction(solved.transforms, active);
    if (!worst) break;
    contradicted.push(worst);
    active = active.filter((p) => p !== worst);
  }
  const { groups } = solved;
  const transforms = [...solved.transforms];
  const group = new Array<number>(n).fill(0);
  groups.forEach((members, g) => members.forEach((k) => (group[k] = g)));

  // Other groups to the right of the main one, so the clerk sees every pass and can drag it into place.
  let right = -Infinity;
  groups.forEach((members, g) => {
    const xs = members.flatMap((k) => corners(transforms[k]!, sizes[k]!.width, sizes[k]!.height).map((c) => c[0]));
    const shift = g === 0 ? 0 : right - Math.min(...xs);
    for (const k of members) transforms[k] = { ...transforms[k]!, tx: transforms[k]!.tx + shift };
    right = Math.max(right, Math.max(...xs) + shift);
  });

  const confidence = new Array<number>(n).fill(0);
  const doubts: LayoutDoubt[] = [];
  groups.forEach((members, g) => {
    for (const k of members) {
      const own = active.filter((p) => p.i === k || p.j === k);
      const best = own.reduce<PairEvidence | null>((b, p) => (!b || p.confidence > b.confidence ? p : b), null);
      const root = k === members[0];
      let value = root ? (g === 0 ? 1 : 0) : (best?.confidence ?? 0);
      if (!root || g === 0) {
        // Strong evidence against the layout, nearly as strong as the evidence for it, leaves the pass in doubt.
        const against = contradicted.filter((p) => (p.i === k || p.j === k) && p.confidence >= UNSURE_BELOW && p.confidence >= 0.8 * value);
        if (against.length > 0 && value >= UNSURE_BELOW) {
          value = UNSURE_BELOW - 0.01;
          const p = against[0]!;
          doubts.push({ tile: k, other: p.i === k ? p.j : p.i, reason: 'contradictory' });
        } else if (!root && value < UNSURE_BELOW && best) {
          doubts.push({ tile: k, other: best.i === k ? best.j : best.i, reason: best.doubt ?? 'weak' });
        }
      }
      if (root && g > 0) {
        // Tied to nothing in the main group: say what evidence there was, if any.
        const tried = pairs
          .filter((p) => (p.i === k || p.j === k) && group[p.i] !== group[p.j])
          .reduce<PairEvidence | null>((b, p) => (!b || p.confidence > b.confidence ? p : b), null);
        doubts.push(tried ? { tile: k, other: tried.i === k ? tried.j : tried.i, reason: tried.doubt ?? 'weak' } : { tile: k, other: null, reason: 'no-overlap' });
      }
      confidence[k] = value;
    }
  });
  return { transforms, confidence, doubts, group };
}

/** Groups (main first) and each pass's transform within its group, from a spanning tree and least squares. */
function solve(n: number, pairs: PairEvidence[]): { groups: number[][]; transforms: Rigid[] } {
  // Kruskal on confidence: the maximum spanning forest.
  const parent = Array.from({ length: n }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  const tree: PairEvidence[] = [];
  for (const p of [...pairs].sort((a, b) => b.confidence - a.confidence)) {
    const a = find(p.i);
    const b = find(p.j);
    if (a === b) continue;
    parent[Math.max(a, b)] = Math.min(a, b);
    tree.push(p);
  }
  const byRoot = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const r = find(k);
    byRoot.set(r, [...(byRoot.get(r) ?? []), k]);
  }
  const groups = [...byRoot.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);

  const transforms: Rigid[] = new Array<Rigid>(n).fill(IDENTITY);
  for (const members of groups) {
    const placed = new Set<number>([members[0]!]);
    transforms[members[0]!] = IDENTITY;
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of tree) {
        if (placed.has(p.i) === placed.has(p.j)) continue;
        if (placed.has(p.i)) transforms[p.j] = compose(transforms[p.i]!, p.transform);
        else transforms[p.i] = compose(transforms[p.j]!, invert(p.transform));
        placed.add(p.i);
        placed.add(p.j);
        grew = true;
      }
    }
    const inGroup = new Set(members);
    adjust(members, transforms, pairs.filter((p) => inGroup.has(p.i) && inGroup.has(p.j)));
  }
  return { groups, transforms };
}

/**
 * Gauss-Newton on all passes of a group but its first: every matched point of every overlap should land on
 * the same place of the common frame from both its passes. A tree leaves nothing to adjust; loops spread
 * their closing error over all the overlaps in proportion to their weight.
 */
function adjust(members: number[], transforms: Rigid[], pairs: PairEvidence[]): void {
  if (members.length < 2) return;
  const index = new Map<number, number>();
  members.slice(1).forEach((k, u) => index.set(k, 3 * u));
  const size = 3 * (members.length - 1);
  for (let iteration = 0; iteration < 6; iteration++) {
    const A: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    const b = new Array<number>(size).fill(0);
    for (let d = 0; d < size; d++) A[d]![d] = 1e-9;
    for (const p of pairs) {
      const gi = transforms[p.i]!;
      const gj = transforms[p.j]!;
      for (const m of p.matches) {
        const [xi, yi] = apply(gi, m.ax, m.ay);
        const [xj, yj] = apply(gj, m.bx, m.by);
        const w = m.weight * p.confidence;
        // Residual r = G_i(a) − G_j(b); its derivative per unknown (θ, tx, ty) of each side.
        const terms: { at: number; dx: number; dy: number }[] = [];
        const add = (k: number, g: Rigid, x: number, y: number, sign: number): void => {
          const at = index.get(k);
          if (at === undefined) return;
          const cos = Math.cos(g.theta);
          const sin = Math.sin(g.theta);
          terms.push({ at, dx: sign * (-sin * x - cos * y), dy: sign * (cos * x - sin * y) });
          terms.push({ at: at + 1, dx: sign, dy: 0 });
          terms.push({ at: at + 2, dx: 0, dy: sign });
        };
        add(p.i, gi, m.ax, m.ay, 1);
        add(p.j, gj, m.bx, m.by, -1);
        const rx = xi - xj;
        const ry = yi - yj;
        for (const s of terms) {
          b[s.at]! -= w * (s.dx * rx + s.dy * ry);
          for (const t of terms) A[s.at]![t.at]! += w * (s.dx * t.dx + s.dy * t.dy);
        }
      }
    }
    const delta = solveLinear(A, b, 1e-15).x;
    let moved = 0;
    for (const [k, at] of index) {
      const g = transforms[k]!;
      transforms[k] = { theta: g.theta + delta[at]!, tx: g.tx + delta[at + 1]!, ty: g.ty + delta[at + 2]! };
      moved = Math.max(moved, Math.abs(delta[at]!) * 5000, Math.abs(delta[at + 1]!), Math.abs(delta[at + 2]!));
    }
    if (moved < 1e-3) break;
  }
}

/** The overlap that misses the layout by most, if any misses by more than CONTRADICTION_PX. */
function worstContradiction(transforms: Rigid[], pairs: PairEvidence[]): PairEvidence | null {
  let worst: PairEvidence | null = null;
  let worstRms = CONTRADICTION_PX;
  for (const p of pairs) {
    const rms = residual(transforms, p);
    if (rms > worstRms) {
      worstRms = rms;
      worst = p;
    }
  }
  return worst;
}

/** RMS distance (px) between where an overlap's points land from each of its two passes. */
export function residual(transforms: Rigid[], p: PairEvidence): number {
  if (p.matches.length === 0) return 0;
  let s = 0;
  for (const m of p.matches) {
    const [xi, yi] = apply(transforms[p.i]!, m.ax, m.ay);
    const [xj, yj] = apply(transforms[p.j]!, m.bx, m.by);
    s += (xi - xj) ** 2 + (yi - yj) ** 2;
  }
  return Math.sqrt(s / p.matches.length);
}
