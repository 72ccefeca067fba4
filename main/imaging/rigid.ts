// Rigid transforms of the plane (rotation + translation) in image pixel coordinates, y down: how one
// scanner pass lies on another or on the stitched canvas.

/** p' = R(theta)·p + (tx, ty): theta clockwise on screen in radians, continuous pixel coordinates (pixel i spans [i, i+1)). */
export interface Rigid {
  theta: number;
  tx: number;
  ty: number;
}

export const IDENTITY: Rigid = { theta: 0, tx: 0, ty: 0 };

export function apply(g: Rigid, x: number, y: number): [number, number] {
  const cos = Math.cos(g.theta);
  const sin = Math.sin(g.theta);
  return [cos * x - sin * y + g.tx, sin * x + cos * y + g.ty];
}

/** outer ∘ inner: first inner, then outer. */
export function compose(outer: Rigid, inner: Rigid): Rigid {
  const [tx, ty] = apply(outer, inner.tx, inner.ty);
  return { theta: outer.theta + inner.theta, tx, ty };
}

export function invert(g: Rigid): Rigid {
  const cos = Math.cos(g.theta);
  const sin = Math.sin(g.theta);
  return { theta: -g.theta, tx: -(cos * g.tx + sin * g.ty), ty: -(-sin * g.tx + cos * g.ty) };
}

/** The same transform for coordinates `factor` times larger. */
export function scaleRigid(g: Rigid, factor: number): Rigid {
  return { theta: g.theta, tx: g.tx * factor, ty: g.ty * factor };
}

export function corners(g: Rigid, width: number, height: number): [number, number][] {
  return [apply(g, 0, 0), apply(g, width, 0), apply(g, width, height), apply(g, 0, height)];
}

/** Largest distance between where g and h put the corners of a width × height image. */
export function cornerDistance(g: Rigid, h: Rigid, width: number, height: number): number {
  const a = corners(g, width, height);
  const b = corners(h, width, height);
  return Math.max(...a.map((p, k) => Math.hypot(p[0] - b[k]![0], p[1] - b[k]![1])));
}
