#!/usr/bin/env bash
# JVM flags, A/B: this tree's build run through the launcher with GREENLIGHT_JAVA_OPTS="" and with each set of flags
# given, one after the other, RUNS (12) times each, on the same HTTP plan and nginx (as ab.sh does for two commits).
# Later flags win over the launcher's own, so a set can also undo one of them. Figures: each set's median run time and
# whole-process wall time, and its ratio to the launcher's defaults.
#   bench/flags.sh [CHECKS] "FLAGS" ["FLAGS"...]   e.g. bench/flags.sh 2000 "-XX:C1MaxInlineLevel=9 -XX:C1MaxInlineSize=35"
source "$(dirname "$0")/common.sh"
require "nginx-light time curl" nginx /usr/bin/time curl
CHECKS=${1:?usage: bench/flags.sh CHECKS "FLAGS" ["FLAGS"...]}
shift
[ $# -gt 0 ] || { echo 'usage: bench/flags.sh CHECKS "FLAGS" ["FLAGS"...]' >&2; exit 64; }
CONCURRENCY=${CONCURRENCY:-256}
RUNS=${RUNS:-12}
build_jar
start_nginx
write_http_plan "$OUT/flags.yaml" "$CHECKS" "http://127.0.0.1:$NGINX_PORT"
"$GL" verify -c "$OUT/flags.yaml" -q --format json -o "$OUT/flags-warmup.json" >/dev/null || true   # page cache, archive
sets=("" "$@")
: >"$OUT/flags.txt"
for i in $(seq 1 "$RUNS"); do
  for k in "${!sets[@]}"; do
    GREENLIGHT_JAVA_OPTS="${sets[$k]}" /usr/bin/time -f "%e" -o "$OUT/flags.time" "$GL" verify -c "$OUT/flags.yaml" -q \
      --format json -o "$OUT/flags-run.json" >/dev/null || true
    python3 - "$k" "$(cat "$OUT/flags.time")" "$OUT/flags-run.json" >>"$OUT/flags.txt" <<'PY'
import json, sys
k, wall, report = int(sys.argv[1]), float(sys.argv[2]), json.load(open(sys.argv[3]))
passed = sum(1 for p in report["phases"] for c in p["checks"] if c["status"] == "PASS")
print(json.dumps({"set": k, "run_ms": report["duration_ms"], "wall_s": wall, "passed": passed}))
PY
  done
done
python3 - "$CHECKS" "${sets[@]}" <<PY
import json, statistics as st, sys
checks, sets = int(sys.argv[1]), sys.argv[2:]
rows = [json.loads(l) for l in open("$OUT/flags.txt")]
med = lambda k, f: st.median(r[f] for r in rows if r["set"] == k)
for k, flags in enumerate(sets):
    rs = [r for r in rows if r["set"] == k]
    print(f"{flags or 'the launcher defaults'}: {checks} checks, {min(r['passed'] for r in rs)} passed in each of {len(rs)} runs;"
          f" median run {med(k, 'run_ms'):.0f} ms, whole process {med(k, 'wall_s'):.2f} s;"
          f" vs the defaults: run {med(k, 'run_ms') / med(0, 'run_ms'):.3f}, whole process {med(k, 'wall_s') / med(0, 'wall_s'):.3f}")
PY
