/*
 * WebAssembly kernel of the linear NER model's decoding (model.ts beside this file documents the
 * model, the BIOES constraints and the reference code this kernel must match exactly). Built to
 * data/ner/linear.wasm by scripts/train-ner/build-dense-wasm.sh with clang --target=wasm32
 * -msimd128 -nostdlib: no libc, no imports but the memory, which linear.ts fills with the weights
 * and the per-line inputs.
 *
 * Why it exists: the 19 feature rows of a character are 19 reads of 13 int16 weights each. With
 * 128-bit lanes a row is two loads and four widening adds instead of 26 scalar reads and adds.
 * The sums are exact integers (|sum| <= 19 x 32767 fits an int32, and model.ts sums the same
 * integers in float64, also exactly), so the emissions equal the TypeScript ones bit for bit.
 * Viterbi and the backward pass of the margins run in float64 with the same operations in the
 * same order as model.ts (IEEE 754 addition and comparison are deterministic, and nothing here is
 * a multiplication that could be fused), so labels, ties and margins are identical too.
 *
 * Layouts: w = (2^18 rows) x 13 int16 labels, then 16 bytes of padding (the second load of the
 * last row reads past its 13 labels); tr = 14 x 13 float64 transition scores, -inf where BIOES
 * forbids the pair, row 13 scoring the first label; rows = n x 19 int32 feature rows; em, delta,
 * beta = n x 13 float64; back = n x 13 and labels = n bytes.
 */
#include <wasm_simd128.h>

#define L 13
#define T 19

static const short *W;
static const double *TR;
/* ALLOW[x*13 + y]: label y may follow label x (model.ts allowed()). */
static unsigned char ALLOW[L * L];

static int allowed(int x, int y) {
  const int open = x > 0 && (x - 1) % 4 <= 1;
  const int py = y == 0 ? -1 : (y - 1) % 4;
  if (!open) return y == 0 || py == 0 || py == 3;
  return y > 0 && (py == 1 || py == 2) && (y - 1) / 4 == (x - 1) / 4;
}

__attribute__((export_name("set_model"))) void set_model(const short *w, const double *tr) {
  W = w;
  TR = tr;
  for (int x = 0; x < L; x++)
    for (int y = 0; y < L; y++) ALLOW[x * L + y] = (unsigned char)allowed(x, y);
}

/* Emission scores em[i*13 + y] = sum over t of w[rows[i*19 + t]*13 + y]. */
__attribute__((export_name("emissions"))) void emissions(int n, const int *rows, double *em) {
  for (int i = 0; i < n; i++) {
    const int *r = rows + i * T;
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (int t = 0; t < T; t++) {
      const short *p = W + r[t] * L;
      v128_t lo = wasm_v128_load(p);     /* labels 0..7 */
      v128_t hi = wasm_v128_load(p + 8); /* labels 8..12 and 3 lanes of the next row, unused */
      a0 = wasm_i32x4_add(a0, wasm_i32x4_extend_low_i16x8(lo));
      a1 = wasm_i32x4_add(a1, wasm_i32x4_extend_high_i16x8(lo));
      a2 = wasm_i32x4_add(a2, wasm_i32x4_extend_low_i16x8(hi));
      a3 = wasm_i32x4_add(a3, wasm_i32x4_extend_high_i16x8(hi));
    }
    double *e = em + i * L;
    wasm_v128_store(e, wasm_f64x2_convert_low_i32x4(a0));
    wasm_v128_store(e + 2, wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(a0, a0, 2, 3, 0, 1)));
    wasm_v128_store(e + 4, wasm_f64x2_convert_low_i32x4(a1));
    wasm_v128_store(e + 6, wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(a1, a1, 2, 3, 0, 1)));
    wasm_v128_store(e + 8, wasm_f64x2_convert_low_i32x4(a2));
    wasm_v128_store(e + 10, wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(a2, a2, 2, 3, 0, 1)));
    e[12] = (double)wasm_i32x4_extract_lane(a3, 0);
  }
}

/* Labels after which a new entity may start: O, E-*, S-* (model.ts, CLOSED). */
static const int CLOSED[7] = {0, 3, 4, 7, 8, 11, 12};

/* model.ts canEnd: a line may end on O, E or S. */
static int can_end(int y) { return y == 0 || (y - 1) % 4 >= 2; }

/* Viterbi as Decoder.decode in model.ts; returns nothing, labels[0..n) hold the best path. */
__attribute__((export_name("viterbi"))) void viterbi(int n, const double *em, double *delta,
    unsigned char *back, unsigned char *labels) {
  if (n == 0) return;
  const double *tr = TR;
  for (int y = 0; y < L; y++) delta[y] = em[y] + tr[L * L + y];
  for (int i = 1; i < n; i++) {
    const int o = i * L;
    const int p = o - L;
    for (int y = 0; y < L; y++) {
      int arg;
      double best;
      const int part = y == 0 ? 0 : (y - 1) & 3;
      /* Branch-free selects (the comparisons are data-dependent and mispredict): the same
       * strict comparisons in the same order as model.ts, so ties keep the same label. */
      if (part == 1 || part == 2) {
        const int b = y - part;
        const double sb = delta[p + b] + tr[b * L + y];
        const double si = delta[p + b + 1] + tr[(b + 1) * L + y];
        const int gt = si > sb;
        best = gt ? si : sb;
        arg = gt ? b + 1 : b;
      } else {
        arg = CLOSED[0];
        best = delta[p + arg] + tr[arg * L + y];
        for (int j = 1; j < 7; j++) {
          const int x = CLOSED[j];
          const double sc = delta[p + x] + tr[x * L + y];
          const int gt = sc > best;
          best = gt ? sc : best;
          arg = gt ? x : arg;
        }
      }
      delta[o + y] = best + em[o + y];
      back[o + y] = (unsigned char)arg;
    }
  }
  const int last = (n - 1) * L;
  int y = 0;
  for (int k = 1; k < L; k++)
    if (can_end(k) && delta[last + k] > delta[last + y]) y = k;
  for (int i = n - 1; i >= 0; i--) {
    labels[i] = (unsigned char)y;
    y = back[i * L + y];
  }
}

/* Backward max-product pass of Decoder.margins (model.ts): beta[i*13 + x]. */
__attribute__((export_name("backward"))) void backward(int n, const double *em, double *beta) {
  const double *tr = TR;
  const double ninf = -__builtin_inf();
  for (int y = 0; y < L; y++) beta[(n - 1) * L + y] = can_end(y) ? 0 : ninf;
  for (int i = n - 2; i >= 0; i--) {
    const int o = i * L;
    const int q = o + L;
    for (int x = 0; x < L; x++) {
      double best = ninf;
      for (int y = 0; y < L; y++) {
        if (!ALLOW[x * L + y]) continue;
        const double s = tr[x * L + y] + em[q + y] + beta[q + y];
        if (s > best) best = s;
      }
      beta[o + x] = best;
    }
  }
}
