#!/usr/bin/env bash
# Simulator benchmark: the same greedy kernel in JS (src/sim), C (gcc -O2) and numpy on the same
# inputs and random streams, side by side; then whole runs of 10,000 trials on 1 and 2 threads.
# Usage: bench/sim/run.sh [trials] [repeats]     Figures: medians over the repeats.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRIALS=${1:-10000}
REPEATS=${2:-5}
OUT=bench/sim/out
mkdir -p "$OUT"
npx tsc -p tsconfig.json >/dev/null 2>&1 || true   # other modules' errors still emit dist/
gcc -O2 -o "$OUT/kernel" bench/sim/kernel.c -lm
node bench/sim/bench.mjs kernel "$TRIALS" "$REPEATS" > "$OUT/js.jsonl"
"$OUT/kernel" "$OUT/input.txt" > "$OUT/c.jsonl"
python3 bench/sim/kernel_numpy.py "$OUT/input.txt" > "$OUT/numpy.jsonl"
node bench/sim/bench.mjs scaling "$TRIALS" "$REPEATS" > "$OUT/scaling.jsonl"
python3 - "$OUT" <<'PY'
import json, statistics, sys
out = sys.argv[1]
rows = {}
head = None
for impl in ("js", "c", "numpy"):
    lines = [json.loads(l) for l in open(f"{out}/{impl}.jsonl")]
    head = head or next((l for l in lines if "network" in l), None)
    rows[impl] = (statistics.median(l["seconds"] for l in lines if "seconds" in l), next(l for l in lines if "checksumDelivered" in l))
upd = head["trials"] * head["updatesPerTrial"]
print(f"kernel: {head['network']}, T={head['T']}, {head['operations']} operations, {head['arcs']} arcs, {head['trials']} trials "
      f"({upd:,} trial x period x operation updates); median of the repeats")
print(f"{'impl':8}{'seconds':>10}{'M updates/s':>14}{'vs C':>8}{'checksum (delivered USD)':>28}")
for impl, (sec, chk) in rows.items():
    print(f"{impl:8}{sec:10.3f}{upd / sec / 1e6:14.1f}{rows['c'][0] / sec:8.2f}{chk['checksumDelivered']:28.6g}")
same = all(abs(r[1]["checksumDelivered"] - rows["c"][1]["checksumDelivered"]) <= 1e-9 * abs(rows["c"][1]["checksumDelivered"])
           and r[1]["checksumBound"] == rows["c"][1]["checksumBound"] for r in rows.values())
print(f"same results in all three: {same};  JS / numpy speed: {rows['numpy'][0] / rows['js'][0]:.2f}x")
print()
for l in open(f"{out}/scaling.jsonl"):
    s = json.loads(l)
    print(f"whole run {s['scenario']} (T={s['T']}, {s['operations']} ops), {s['trials']} trials: 1 thread {s['seconds1']:.3f} s, "
          f"2 threads {s['seconds2']:.3f} s, speed-up {s['speedup']:.2f}x; auto {s['secondsAuto']:.3f} s (threads {s['autoThreads']}), "
          f"speed-up {s['speedupAuto']:.2f}x; identical results: {s['identical']}")
PY
