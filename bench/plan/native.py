"""Native HiGHS (scipy.optimize.linprog, method="highs") on the free MPS files that bench/plan/run.mjs
writes. Parses only what writeMps emits. Prints the median solve time of REPS runs per file."""
import json, os, sys, time
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_matrix

def read_mps(path):
    sense, rows, rtype, cols, ci, ri, vals, cost = 1, {}, [], {}, [], [], [], {}
    rhs, rng, lo, up = {}, {}, {}, {}
    sec = None
    with open(path) as f:
        for line in f:
            p = line.split()
            if not p: continue
            if not line[0].isspace():
                sec = p[0]; continue
            if sec == "OBJSENSE": sense = -1 if p[0] == "MAX" else 1
            elif sec == "ROWS":
                if p[0] != "N": rows[p[1]] = len(rtype); rtype.append(p[0])
            elif sec == "COLUMNS":
                j = cols.setdefault(p[0], len(cols))
                if p[1] == "obj": cost[j] = float(p[2])
                else: ci.append(j); ri.append(rows[p[1]]); vals.append(float(p[2]))
            elif sec == "RHS": rhs[rows[p[1]]] = float(p[2])
            elif sec == "RANGES": rng[rows[p[1]]] = float(p[2])
            elif sec == "BOUNDS":
                j = cols[p[2]]
                if p[0] == "FX": lo[j] = up[j] = float(p[3])
                elif p[0] == "UP": up[j] = float(p[3])
                elif p[0] == "LO": lo[j] = float(p[3])
                elif p[0] == "MI": lo[j] = -np.inf
                elif p[0] == "FR": lo[j], up[j] = -np.inf, np.inf
    n, m = len(cols), len(rtype)
    A = csc_matrix((vals, (ri, ci)), shape=(m, n))
    c = np.zeros(n)
    for j, v in cost.items(): c[j] = v
    rl, ru = np.full(m, -np.inf), np.full(m, np.inf)
    for i, t in enumerate(rtype):
        b = rhs.get(i, 0.0)
        if t == "E": rl[i] = ru[i] = b
        elif t == "G": rl[i] = b; ru[i] = b + rng[i] if i in rng else np.inf
        elif t == "L": ru[i] = b
    bounds = np.array([[lo.get(j, 0.0), up.get(j, np.inf)] for j in range(n)])
    return sense, c, A, rl, ru, bounds

reps = int(os.environ.get("REPS", "3"))
for path in sys.argv[1:]:
    sense, c, A, rl, ru, bounds = read_mps(path)
    eq = rl == ru
    Aeq, beq = A[eq], rl[eq]
    ub_rows = (~eq) & np.isfinite(ru); lb_rows = (~eq) & np.isfinite(rl)
    from scipy.sparse import vstack
    Aub = vstack([A[ub_rows], -A[lb_rows]]).tocsc()
    bub = np.concatenate([ru[ub_rows], -rl[lb_rows]])
    times, res = [], None
    for _ in range(reps):
        t = time.perf_counter()
        res = linprog(sense * c, A_ub=Aub, b_ub=bub, A_eq=Aeq, b_eq=beq, bounds=bounds, method="highs")
        times.append(time.perf_counter() - t)
    print(json.dumps({"file": path, "cols": A.shape[1], "rows": A.shape[0], "status": res.status, "objective": sense * res.fun, "iterations": int(res.nit), "solveMedianS": round(sorted(times)[len(times) // 2], 3)}))
