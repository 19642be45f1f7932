/**
 * Adaptive Simpson quadrature (Kuncir 1962; Lyness 1969: the Richardson step adds
 * (left + right - whole) / 15), to absolute tolerance `eps` and at most `depth` halvings. The
 * journalist and Pitman population models integrate E[1/F] with it.
 */
export function adaptiveSimpson(
  fn: (x: number) => number,
  a: number,
  b: number,
  eps: number,
  depth: number,
): number {
  const c = (a + b) / 2;
  const fa = fn(a);
  const fb = fn(b);
  const fc = fn(c);
  const whole = ((b - a) / 6) * (fa + 4 * fc + fb);
  const rec = (
    a: number,
    b: number,
    fa: number,
    fb: number,
    fc: number,
    whole: number,
    eps: number,
    d: number,
  ): number => {
    const c = (a + b) / 2;
    const l = (a + c) / 2;
    const r = (c + b) / 2;
    const fl = fn(l);
    const fr = fn(r);
    const left = ((c - a) / 6) * (fa + 4 * fl + fc);
    const right = ((b - c) / 6) * (fc + 4 * fr + fb);
    if (d <= 0 || Math.abs(left + right - whole) <= 15 * eps)
      return left + right + (left + right - whole) / 15;
    return rec(a, c, fa, fc, fl, left, eps / 2, d - 1) + rec(c, b, fc, fb, fr, right, eps / 2, d - 1);
  };
  return rec(a, b, fa, fb, fc, whole, eps, depth);
}
