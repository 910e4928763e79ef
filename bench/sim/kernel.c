/* Reference implementation of the simulator's greedy kernel (src/sim/kernel.ts) in C, for the
 * side-by-side benchmark. Same inputs (input.txt written by bench.mjs), same sfc32 streams keyed by
 * (seed, trial), same arithmetic in the same order; prints seconds and checksums.
 * Build: gcc -O2 -o kernel kernel.c -lm */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static FILE *in;
static double rd(void) { double x; if (fscanf(in, "%lf", &x) != 1) { fprintf(stderr, "bad input\n"); exit(1); } return x; }
static double *rdv(int n) { double *v = malloc(sizeof(double) * (n > 0 ? n : 1)); for (int i = 0; i < n; i++) v[i] = rd(); return v; }
static int *rdi(int n) { int *v = malloc(sizeof(int) * (n > 0 ? n : 1)); for (int i = 0; i < n; i++) v[i] = (int)rd(); return v; }

static uint32_t fmix32(uint32_t h) { h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16; return h; }
typedef struct { uint32_t a, b, c, d; } rng_t;
static uint32_t next32(rng_t *r) {
  uint32_t t = r->a + r->b + r->d; r->d += 1; r->a = r->b ^ (r->b >> 9); r->b = r->c + (r->c << 3);
  r->c = (r->c << 21) | (r->c >> 11); r->c += t; return t;
}
static void reset(rng_t *r, double seed, uint32_t trial) {
  uint32_t lo = (uint32_t)fmod(seed, 4294967296.0), hi = (uint32_t)floor(seed / 4294967296.0);
  r->a = fmix32(lo ^ 0x243f6a88u); r->b = fmix32(hi ^ 0x85a308d3u); r->c = fmix32(trial ^ 0x13198a2eu);
  r->d = fmix32(r->a ^ r->c ^ 0x03707344u);
  for (int i = 0; i < 12; i++) next32(r);
}
static double uniform(rng_t *r) { return ((double)next32(r) + 0.5) / 4294967296.0; }

int main(int argc, char **argv) {
  in = fopen(argc > 1 ? argv[1] : "out/input.txt", "r");
  if (!in) { perror("input"); return 1; }
  int T = rd(), N = rd(), O = rd(), A = rd(), L = rd(), R = rd(), D = rd(), U = rd();
  double seed = rd(); int trials = rd(), repeats = rd();
  double *initialStock = rdv(N), *capacity = rdv(R * T);
  int *opOutNode = rdi(O); double *opOutQty = rdv(O);
  int *opInStart = rdi(O + 1); int *opInNode = rdi(opInStart[O]); double *opInQty = rdv(opInStart[O]);
  int *opResStart = rdi(O + 1); int *opRes = rdi(opResStart[O]); double *opResQty = rdv(opResStart[O]);
  int *opLead = rdi(O); double *opYield = rdv(O * T); double *opVA = rdv(O); int *opOnshore = rdi(O);
  int *arcLane = rdi(A), *arcFrom = rdi(A), *arcTo = rdi(A), *arcTransit = rdi(A), *arcBanned = rdi(A * T);
  double *laneCap = rdv(L); for (int l = 0; l < L; l++) if (laneCap[l] < 0) laneCap[l] = INFINITY;
  int *demandNode = rdi(D); double *demandQty = rdv(D * T); for (int i = 0; i < D * T; i++) if (demandQty[i] < 0) demandQty[i] = INFINITY;
  double *demandPrice = rdv(D);
  int *order = rdi(O + A), *demandOrder = rdi(D);
  int *uKind = malloc(sizeof(int) * (U + 1)), *uIndex = malloc(sizeof(int) * (U + 1));
  double *uMin = malloc(sizeof(double) * (U + 1)), *uMax = malloc(sizeof(double) * (U + 1));
  for (int k = 0; k < U; k++) { uKind[k] = rd(); uIndex[k] = rd(); uMin[k] = rd(); uMax[k] = rd(); }

  double *capMult = malloc(sizeof(double) * R), *yieldMult = malloc(sizeof(double) * O), *cap = malloc(sizeof(double) * R * T);
  double *stock = malloc(sizeof(double) * N), *arrivals = malloc(sizeof(double) * N * T);
  double *capLeft = malloc(sizeof(double) * R), *laneLeft = malloc(sizeof(double) * L);
  unsigned char *bound = malloc(R);
  double best = 1e30, checkDelivered = 0, checkVA = 0, checkBound = 0;
  for (int rep = 0; rep < repeats; rep++) {
    struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
    checkDelivered = 0; checkVA = 0; checkBound = 0;
    rng_t rng;
    for (int trial = 0; trial < trials; trial++) {
      reset(&rng, seed, (uint32_t)trial);
      for (int r = 0; r < R; r++) capMult[r] = 1;
      for (int o = 0; o < O; o++) yieldMult[o] = 1;
      for (int k = 0; k < U; k++) {
        double x = uMin[k] + uniform(&rng) * (uMax[k] - uMin[k]);
        if (uKind[k] == 0) capMult[uIndex[k]] *= x; else yieldMult[uIndex[k]] *= x;
      }
      for (int r = 0; r < R; r++) { double m = capMult[r] > 0 ? capMult[r] : 0; for (int t = 0; t < T; t++) cap[r * T + t] = capacity[r * T + t] * m; }
      memcpy(stock, initialStock, sizeof(double) * N);
      memset(arrivals, 0, sizeof(double) * N * T);
      double delivered = 0, totalVA = 0, onshoreVA = 0;
      for (int t = 0; t < T; t++) {
        for (int r = 0; r < R; r++) { capLeft[r] = cap[r * T + t]; bound[r] = 0; }
        for (int l = 0; l < L; l++) laneLeft[l] = laneCap[l];
        for (int n = 0; n < N; n++) stock[n] += arrivals[t * N + n];
        for (int k = 0; k < O + A; k++) {
          int v = order[k];
          if (v >= 0) {
            int o = v; double byCap = INFINITY, byMat = INFINITY; int binding = -1;
            for (int j = opResStart[o]; j < opResStart[o + 1]; j++) { double c = capLeft[opRes[j]] / opResQty[j]; if (c < byCap) { byCap = c; binding = opRes[j]; } }
            for (int j = opInStart[o]; j < opInStart[o + 1]; j++) { double m = stock[opInNode[j]] / opInQty[j]; if (m < byMat) byMat = m; }
            double s = byCap < byMat ? byCap : byMat;
            if (binding >= 0 && byCap <= byMat && byCap < INFINITY) bound[binding] = 1;
            if (!(s > 0) || s == INFINITY) continue;
            for (int j = opResStart[o]; j < opResStart[o + 1]; j++) { double left = capLeft[opRes[j]] - s * opResQty[j]; capLeft[opRes[j]] = left > 0 ? left : 0; }
            for (int j = opInStart[o]; j < opInStart[o + 1]; j++) { double left = stock[opInNode[j]] - s * opInQty[j]; stock[opInNode[j]] = left > 0 ? left : 0; }
            double y = opYield[o * T + t] * yieldMult[o]; if (y > 1) y = 1; else if (!(y >= 1e-12)) y = 1e-12;
            double good = s * opOutQty[o] * y;
            int ta = t + opLead[o];
            if (ta >= T) continue;
            double va = good * opVA[o]; totalVA += va; if (opOnshore[o]) onshoreVA += va;
            if (ta == t) stock[opOutNode[o]] += good; else arrivals[ta * N + opOutNode[o]] += good;
          } else {
            int a = -1 - v;
            if (arcBanned[a * T + t]) continue;
            int from = arcFrom[a], lane = arcLane[a];
            double q = stock[from]; if (laneLeft[lane] < q) q = laneLeft[lane];
            if (!(q > 0)) continue;
            stock[from] -= q; laneLeft[lane] -= q;
            int ta = t + arcTransit[a];
            if (ta == t) stock[arcTo[a]] += q; else if (ta < T) arrivals[ta * N + arcTo[a]] += q;
          }
        }
        for (int k = 0; k < D; k++) {
          int d = demandOrder[k], n = demandNode[d]; double want = demandQty[d * T + t];
          double q = stock[n] < want ? stock[n] : want;
          if (!(q > 0)) continue;
          stock[n] -= q; delivered += q * demandPrice[d];
        }
        for (int r = 0; r < R; r++) checkBound += bound[r];
      }
      checkDelivered += delivered; checkVA += totalVA + onshoreVA;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double sec = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    printf("{\"impl\":\"c\",\"rep\":%d,\"seconds\":%.6f}\n", rep, sec);
    if (sec < best) best = sec;
  }
  printf("{\"impl\":\"c\",\"checksumDelivered\":%.17g,\"checksumValueAdded\":%.17g,\"checksumBound\":%.17g}\n", checkDelivered, checkVA, checkBound);
  return 0;
}
