/**
 * A damped Newton–Raphson solver for two equations in two unknowns, with a central-difference
 * Jacobian. The population models (Pitman, SNB) are maximum-likelihood or moment equations in
 * two parameters; their closed-form derivatives are error-prone, and a numerical Jacobian with
 * step halving is robust enough and cheap (each evaluation is O(distinct class sizes)).
 * Returns null when it does not converge: the caller reports the estimate as unavailable, as
 * ARX does, rather than a number that does not solve the equations.
 */
export interface Solve2Options {
  /** Converged when max |F_i| <= tolerance. */
  tolerance?: number;
  maxIterations?: number;
  /** Domain check: points outside are never stepped onto. */
  inside?: (x: number, y: number) => boolean;
}

export function solve2(
  fn: (x: number, y: number) => [number, number],
  start: [number, number],
  opts: Solve2Options = {},
): [number, number] | null {
  const tol = opts.tolerance ?? 1e-10;
  const maxIt = opts.maxIterations ?? 200;
  const inside = opts.inside ?? (() => true);
  let [x, y] = start;
  if (!inside(x, y)) return null;
  let f = fn(x, y);
  if (!f.every(Number.isFinite)) return null;
  let norm = Math.max(Math.abs(f[0]), Math.abs(f[1]));
  for (let it = 0; it < maxIt; it++) {
    if (norm <= tol) return [x, y];
    const hx = 1e-6 * Math.max(1e-3, Math.abs(x));
    const hy = 1e-6 * Math.max(1e-3, Math.abs(y));
    const fxp = inside(x + hx, y) ? fn(x + hx, y) : null;
    const fxm = inside(x - hx, y) ? fn(x - hx, y) : null;
    const fyp = inside(x, y + hy) ? fn(x, y + hy) : null;
    const fym = inside(x, y - hy) ? fn(x, y - hy) : null;
    const dx = (i: 0 | 1) =>
      fxp && fxm
        ? (fxp[i] - fxm[i]) / (2 * hx)
        : fxp
          ? (fxp[i] - f[i]) / hx
          : fxm
            ? (f[i] - fxm[i]) / hx
            : Number.NaN;
    const dy = (i: 0 | 1) =>
      fyp && fym
        ? (fyp[i] - fym[i]) / (2 * hy)
        : fyp
          ? (fyp[i] - f[i]) / hy
          : fym
            ? (f[i] - fym[i]) / hy
            : Number.NaN;
    const a = dx(0);
    const b = dy(0);
    const c = dx(1);
    const d = dy(1);
    const det = a * d - b * c;
    if (!Number.isFinite(det) || det === 0) return null;
    const sx = (d * f[0] - b * f[1]) / det;
    const sy = (-c * f[0] + a * f[1]) / det;
    let lambda = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      const nx = x - lambda * sx;
      const ny = y - lambda * sy;
      if (inside(nx, ny)) {
        const nf = fn(nx, ny);
        const nn = Math.max(Math.abs(nf[0]), Math.abs(nf[1]));
        if (Number.isFinite(nn) && nn < norm) {
          x = nx;
          y = ny;
          f = nf;
          norm = nn;
          accepted = true;
          break;
        }
      }
      lambda /= 2;
    }
    if (!accepted) return norm <= tol ? [x, y] : null;
  }
  return norm <= tol ? [x, y] : null;
}
