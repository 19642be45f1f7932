/*
 * SIMD kernel of the dense NER network (dense.ts beside this file documents the model; the layer
 * definitions are those of scripts/train-ner/train_dense.py). Built to data/ner/dense.wasm by
 * scripts/train-ner/build-dense-wasm.sh with clang --target=wasm32 -msimd128 -nostdlib: no libc, no imports but
 * the memory, which dense.ts fills with the weights and the per-line inputs.
 *
 * Channels are fixed at compile time (CH, a multiple of 4) so every loop over them unrolls into
 * CH/4 128-bit lanes. Weight layouts (prepared by dense.ts at load):
 *   a      (vocab+2) x 5 x CH   first convolution per character and offset -2..2
 *   bl, br buckets x CH          bigram rows
 *   b1     CH
 *   per block: dwt 3 x CH (depthwise taps, tap-major), dwb CH, pwt CH x CH (input-major, i.e.
 *   transposed), pwb CH
 *   outt   CH x 16 (input-major, 13 labels padded to 16), outb 16
 * Per line: id[n] character ids, lb[n] / rb[n] bigram buckets, need0/1/2[n] flags (see dense.ts),
 * h and g n x CH scratch, z n x 16 output logits, se n x 16 linear emissions (stacking only).
 */
#include <wasm_simd128.h>

#ifndef CH
#define CH 32
#endif
#define NV (CH / 4)

typedef struct {
  const float *a, *bl, *br, *b1;
  const float *dwt[2], *dwb[2], *pwt[2], *pwb[2];
  int d[2];
  const float *outt, *outb;
} Net;

static Net net;
/* Stacking weights (3 x 16 x CH: offset, label padded to 16, channel), or 0 without stacking. */
static const float *stack_w;

__attribute__((export_name("set_stack"))) void set_stack(const float *w) { stack_w = w; }

__attribute__((export_name("set_net"))) void set_net(const float *a, const float *bl, const float *br,
    const float *b1, const float *dwt0, const float *dwb0, const float *pwt0, const float *pwb0, int d0,
    const float *dwt1, const float *dwb1, const float *pwt1, const float *pwb1, int d1, const float *outt,
    const float *outb) {
  net.a = a; net.bl = bl; net.br = br; net.b1 = b1;
  net.dwt[0] = dwt0; net.dwb[0] = dwb0; net.pwt[0] = pwt0; net.pwb[0] = pwb0; net.d[0] = d0;
  net.dwt[1] = dwt1; net.dwb[1] = dwb1; net.pwt[1] = pwt1; net.pwb[1] = pwb1; net.d[1] = d1;
  net.outt = outt; net.outb = outb;
}

__attribute__((export_name("channels"))) int channels(void) { return CH; }

#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)

__attribute__((export_name("forward"))) void forward(int n, const int *id, const int *lb, const int *rb,
    const unsigned char *need0, const unsigned char *need1, const unsigned char *need2, float *h, float *g,
    float *z, const float *se) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  /* Layer 1: bias + 5 character rows + 2 bigram rows, ReLU. */
  for (int i = 0; i < n; i++) {
    if (!need0[i]) continue;
    v128_t acc[NV];
    for (int v = 0; v < NV; v++) acc[v] = LD(net.b1 + 4 * v);
    for (int k = 0; k < 5; k++) {
      int j = i + k - 2;
      if (j < 0 || j >= n) continue;
      const float *r = net.a + ((long)id[j] * 5 + k) * CH;
      for (int v = 0; v < NV; v++) acc[v] = wasm_f32x4_add(acc[v], LD(r + 4 * v));
    }
    if (stack_w) {
      /* The linear emissions (se: n x 16, weight units) at i-1, i, i+1. */
      for (int k = 0; k < 3; k++) {
        int j = i + k - 1;
        if (j < 0 || j >= n) continue;
        for (int y = 0; y < 13; y++) {
          v128_t x = wasm_f32x4_splat(se[j * 16 + y]);
          const float *w = stack_w + (k * 16 + y) * CH;
          for (int v = 0; v < NV; v++) acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(x, LD(w + 4 * v)));
        }
      }
    }
    const float *l = net.bl + (long)lb[i] * CH;
    const float *r = net.br + (long)rb[i] * CH;
    float *o = h + (long)i * CH;
    for (int v = 0; v < NV; v++)
      ST(o + 4 * v, wasm_f32x4_max(wasm_f32x4_add(acc[v], wasm_f32x4_add(LD(l + 4 * v), LD(r + 4 * v))), zero));
  }
  /* Residual blocks: depthwise width-3 dilated convolution, pointwise CH x CH, ReLU. */
  for (int b = 0; b < 2; b++) {
    const unsigned char *need = b == 0 ? need1 : need2;
    const int d = net.d[b];
    const float *t0 = net.dwt[b], *t1 = t0 + CH, *t2 = t1 + CH;
    for (int i = 0; i < n; i++) {
      if (!need[i]) continue;
      const float *c = h + (long)i * CH;
      float *o = g + (long)i * CH;
      for (int v = 0; v < NV; v++) {
        v128_t s = wasm_f32x4_add(LD(net.dwb[b] + 4 * v), wasm_f32x4_mul(LD(t1 + 4 * v), LD(c + 4 * v)));
        if (i - d >= 0) s = wasm_f32x4_add(s, wasm_f32x4_mul(LD(t0 + 4 * v), LD(c - d * CH + 4 * v)));
        if (i + d < n) s = wasm_f32x4_add(s, wasm_f32x4_mul(LD(t2 + 4 * v), LD(c + d * CH + 4 * v)));
        ST(o + 4 * v, s);
      }
    }
    for (int i = 0; i < n; i++) {
      if (!need[i]) continue;
      const float *x = g + (long)i * CH;
      float *o = h + (long)i * CH;
      v128_t acc[NV];
      for (int v = 0; v < NV; v++) acc[v] = LD(net.pwb[b] + 4 * v);
      for (int c = 0; c < CH; c++) {
        v128_t xc = wasm_f32x4_splat(x[c]);
        const float *w = net.pwt[b] + c * CH;
        for (int v = 0; v < NV; v++) acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(xc, LD(w + 4 * v)));
      }
      for (int v = 0; v < NV; v++) ST(o + 4 * v, wasm_f32x4_add(LD(o + 4 * v), wasm_f32x4_max(acc[v], zero)));
    }
  }
  /* Output layer: 13 logits (padded to 16). */
  for (int i = 0; i < n; i++) {
    if (!need2[i]) continue;
    const float *x = h + (long)i * CH;
    v128_t acc[4];
    for (int v = 0; v < 4; v++) acc[v] = LD(net.outb + 4 * v);
    for (int c = 0; c < CH; c++) {
      v128_t xc = wasm_f32x4_splat(x[c]);
      const float *w = net.outt + c * 16;
      for (int v = 0; v < 4; v++) acc[v] = wasm_f32x4_add(acc[v], wasm_f32x4_mul(xc, LD(w + 4 * v)));
    }
    for (int v = 0; v < 4; v++) ST(z + (long)i * 16 + 4 * v, acc[v]);
  }
}
