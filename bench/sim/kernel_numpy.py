"""Reference implementation of the simulator's greedy kernel (src/sim/kernel.ts) in numpy, for the
side-by-side benchmark: vectorised over trials (state arrays of shape (trials, ...)), looping over
periods and activities in Python. Same inputs (out/input.txt), same sfc32 streams, same arithmetic.
Usage: python3 kernel_numpy.py out/input.txt"""
import json
import sys
import time

import numpy as np

tok = iter(open(sys.argv[1] if len(sys.argv) > 1 else "out/input.txt").read().split())
rd = lambda: float(next(tok))
rdv = lambda n: np.array([float(next(tok)) for _ in range(n)], dtype=np.float64)
rdi = lambda n: [int(float(next(tok))) for _ in range(n)]

T, N, O, A, L, R, D, U = (int(rd()) for _ in range(8))
seed = int(rd()); trials = int(rd()); repeats = int(rd())
initial = rdv(N); capacity = rdv(R * T).reshape(R, T)
opOutNode = rdi(O); opOutQty = rdv(O)
opInStart = rdi(O + 1); opInNode = rdi(opInStart[O]); opInQty = rdv(opInStart[O])
opResStart = rdi(O + 1); opRes = rdi(opResStart[O]); opResQty = rdv(opResStart[O])
opLead = rdi(O); opYield = rdv(O * T).reshape(O, T); opVA = rdv(O); opOnshore = rdi(O)
arcLane = rdi(A); arcFrom = rdi(A); arcTo = rdi(A); arcTransit = rdi(A); arcBanned = rdi(A * T)
laneCap = rdv(L); laneCap[laneCap < 0] = np.inf
demandNode = rdi(D); demandQty = rdv(D * T).reshape(D, T); demandQty[demandQty < 0] = np.inf; demandPrice = rdv(D)
order = rdi(O + A); demandOrder = rdi(D)
unc = [(int(rd()), int(rd()), rd(), rd()) for _ in range(U)]

M = np.uint32(0xFFFFFFFF)
def fmix32(h):
    h = h ^ (h >> np.uint32(16)); h = h * np.uint32(0x85EBCA6B); h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35); return h ^ (h >> np.uint32(16))

class Sfc32:
    """sfc32 for a vector of trials (uint32 arithmetic wraps like the JS | 0)."""
    def __init__(self, trial):
        lo = np.uint32(seed & 0xFFFFFFFF); hi = np.uint32(seed >> 32)
        n = len(trial)
        self.a = fmix32(np.full(n, lo ^ np.uint32(0x243F6A88), dtype=np.uint32))
        self.b = fmix32(np.full(n, hi ^ np.uint32(0x85A308D3), dtype=np.uint32))
        self.c = fmix32(trial.astype(np.uint32) ^ np.uint32(0x13198A2E))
        self.d = fmix32(self.a ^ self.c ^ np.uint32(0x03707344))
        for _ in range(12): self.next()
    def next(self):
        t = self.a + self.b + self.d
        self.d = self.d + np.uint32(1)
        self.a = self.b ^ (self.b >> np.uint32(9))
        self.b = self.c + (self.c << np.uint32(3))
        self.c = (self.c << np.uint32(21)) | (self.c >> np.uint32(11))
        self.c = self.c + t
        return t
    def uniform(self):
        return (self.next().astype(np.float64) + 0.5) / 4294967296.0

def run():
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        B = trials
        rng = Sfc32(np.arange(B, dtype=np.uint64))
        capMult = np.ones((B, R)); yieldMult = np.ones((B, O))
        for kind, idx, lo, hi in unc:
            x = lo + rng.uniform() * (hi - lo)
            if kind == 0: capMult[:, idx] *= x
            else: yieldMult[:, idx] *= x
        cap = capacity[None, :, :] * np.maximum(capMult, 0)[:, :, None]  # (B, R, T)
        stock = np.tile(initial, (B, 1)); arrivals = np.zeros((T, B, N))
        delivered = np.zeros(B); totalVA = np.zeros(B); onshoreVA = np.zeros(B); boundSum = 0.0
        for t in range(T):
            capLeft = cap[:, :, t].copy(); laneLeft = np.tile(laneCap, (B, 1)); bound = np.zeros((B, R), dtype=bool)
            stock += arrivals[t]
            for v in order:
                if v >= 0:
                    o = v; byCap = np.full(B, np.inf); binding = np.full(B, -1)
                    for j in range(opResStart[o], opResStart[o + 1]):
                        c = capLeft[:, opRes[j]] / opResQty[j]; less = c < byCap
                        byCap = np.where(less, c, byCap); binding = np.where(less, opRes[j], binding)
                    byMat = np.full(B, np.inf)
                    for j in range(opInStart[o], opInStart[o + 1]):
                        byMat = np.minimum(byMat, stock[:, opInNode[j]] / opInQty[j])
                    s = np.minimum(byCap, byMat)
                    hit = (binding >= 0) & (byCap <= byMat) & (byCap < np.inf)
                    if hit.any(): bound[np.nonzero(hit)[0], binding[hit]] = True
                    s = np.where((s > 0) & (s < np.inf), s, 0.0)
                    for j in range(opResStart[o], opResStart[o + 1]):
                        capLeft[:, opRes[j]] = np.maximum(capLeft[:, opRes[j]] - s * opResQty[j], 0)
                    for j in range(opInStart[o], opInStart[o + 1]):
                        stock[:, opInNode[j]] = np.maximum(stock[:, opInNode[j]] - s * opInQty[j], 0)
                    y = np.clip(opYield[o, t] * yieldMult[:, o], 1e-12, 1.0)
                    good = s * opOutQty[o] * y
                    ta = t + opLead[o]
                    if ta >= T: continue
                    va = good * opVA[o]; totalVA += va
                    if opOnshore[o]: onshoreVA += va
                    if ta == t: stock[:, opOutNode[o]] += good
                    else: arrivals[ta, :, opOutNode[o]] += good
                else:
                    a = -1 - v
                    if arcBanned[a * T + t]: continue
                    q = np.maximum(np.minimum(stock[:, arcFrom[a]], laneLeft[:, arcLane[a]]), 0)
                    stock[:, arcFrom[a]] -= q; laneLeft[:, arcLane[a]] -= q
                    ta = t + arcTransit[a]
                    if ta == t: stock[:, arcTo[a]] += q
                    elif ta < T: arrivals[ta, :, arcTo[a]] += q
            for d in demandOrder:
                n = demandNode[d]; q = np.maximum(np.minimum(stock[:, n], demandQty[d, t]), 0)
                stock[:, n] -= q; delivered += q * demandPrice[d]
            boundSum += bound.sum()
        return float(delivered.sum()), float((totalVA + onshoreVA).sum()), boundSum

for rep in range(repeats):
    t0 = time.perf_counter(); res = run(); sec = time.perf_counter() - t0
    print(json.dumps({"impl": "numpy", "rep": rep, "seconds": sec}))
print(json.dumps({"impl": "numpy", "checksumDelivered": res[0], "checksumValueAdded": res[1], "checksumBound": res[2]}))
