#!/usr/bin/env bash
# Issue 16's table in one sitting (figures in ../README.md): the kernel against C and numpy, threads,
# the main job, --help, the 1,700-site stress sweep, and plan and run on the 1,700-site network.
# Usage: npm run build && bash bench/speed/run.sh [repeats]    (about 15 minutes on 2 cores)
# Prints the load average before each figure: on a shared machine the figures mean little.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPEATS=${1:-3}
OUT=bench/speed/out
mkdir -p "$OUT"
load() { echo "[load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)]"; }
# Median wall seconds of a command run REPEATS times (its output discarded).
wall() {
  local times=()
  for _ in $(seq "$REPEATS"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
    times+=("$(awk "BEGIN {printf \"%.3f\", $t1 - $t0}")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.3f s of", a[int((NR+1)/2)]; for (i=1;i<=NR;i++) printf " %.3f", a[i]; print ""}'
}

echo "== $(node --version), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
load
echo "== kernel vs C vs numpy, bench-chains, 10,000 trials (bench/sim/run.sh; also whole runs 1 vs 2 threads)"
bash bench/sim/run.sh 10000 5
load
echo "== whole runs at 100,000 trials, 1 vs 2 threads"
node bench/sim/bench.mjs scaling 100000 1 | node -e 'for (const l of require("fs").readFileSync(0, "utf8").trim().split("\n")) { const s = JSON.parse(l); console.log(`${s.scenario}: 1 thread ${s.seconds1.toFixed(2)} s, 2 threads ${s.seconds2.toFixed(2)} s, ${s.speedup.toFixed(2)}x; auto (${s.autoThreads}) ${s.secondsAuto.toFixed(2)} s; identical ${s.identical}`); }'
load
echo "== waferline --help, --version"
echo "--help: $(wall node bin/waferline.js --help)"
echo "--version: $(wall node bin/waferline.js --version)"
echo "node -e 0: $(wall node -e 0)"
load
echo "== the main job (npm start's command), default scenario"
for i in $(seq "$REPEATS"); do
  t0=$(date +%s.%N)
  node bin/waferline.js run --json --out "$OUT/main" > "$OUT/main.json" 2> /dev/null
  t1=$(date +%s.%N)
  echo "run $i: $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s wall; stages (ms) $(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(JSON.stringify(r.durationsMs))' "$OUT/main.json")"
done
load
echo "== 1,700-site stress sweep (bench/stress/run.mjs --sizes 50)"
node bench/stress/run.mjs --sizes 50 --repeat "$REPEATS" --threads 0,2
load
echo "== 1,700-site network, 24 months: plan and run end to end"
node --input-type=module -e 'import { stressScenario } from "./bench/stress/synthetic.mjs"; import { writeFileSync } from "node:fs"; writeFileSync(process.argv[1], JSON.stringify(stressScenario(50)));' "$OUT/sites-1700.json"
t0=$(date +%s.%N)
node bin/waferline.js plan "$OUT/sites-1700.json" --json > "$OUT/plan-1700.json"
t1=$(date +%s.%N)
echo "plan: $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s wall; $(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const s = r.solver ?? r.plan?.solver; console.log(`${r.status ?? r.plan?.status}, LP ${s.numCols} x ${s.numRows}, ${s.method}, HiGHS ${s.solveSeconds.toFixed(1)} s, ${s.solves} solves`)' "$OUT/plan-1700.json")"
load
t0=$(date +%s.%N)
node bin/waferline.js run "$OUT/sites-1700.json" --json --out "$OUT/run-1700" > "$OUT/run-1700.json" 2> /dev/null
t1=$(date +%s.%N)
echo "run: $(awk "BEGIN {printf \"%.2f\", $t1 - $t0}") s wall; stages (ms) $(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(JSON.stringify(r.durationsMs))' "$OUT/run-1700.json")"
load
