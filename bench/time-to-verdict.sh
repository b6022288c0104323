#!/usr/bin/env bash
# Time to verdict: 200 checks in one phase (min_pass_rate 90%), 100 of them against a listener that
# never answers (timeout 10 s). Figure: decided_after_ms / timeout (goal < 0.2).
#   A: plain checks (no latency bound): the bar is certain only when the silent checks time out.
#   B: the same checks with "[RESPONSE_TIME] < 1s" (a latency SLO): certain at the bound.
# Then every target healthy (100 ms answers): wall time / slowest probe (goal < 1.3).
source "$(dirname "$0")/common.sh"
build_jar
start_server healthy healthy --delay-ms 100
HEALTHY=$PORT
start_server silent silent
SILENT=$PORT

plan() { # plan FILE SILENT_COUNT EXPECT
  local file="$1" silent_count="$2" expect="$3"
  {
    echo "environment: bench"
    echo "timeout: 10s"
    echo "concurrency: 256"
    echo "services:"
    echo "  fleet:"
    echo "    checks:"
    for i in $(seq 1 200); do
      if [ "$i" -le "$silent_count" ]; then port=$SILENT; else port=$HEALTHY; fi
      echo "      c$i: { http: \"http://127.0.0.1:$port/health?i=$i\", expect: [$expect] }"
    done
    echo "phases:"
    echo "  - { name: fleet, checks: [fleet], min_pass_rate: 90% }"
  } > "$file"
}

run() { # run PLAN REPORT -> prints process wall ms
  local start end
  start=$(date +%s%N)
  "$GL" verify -c "$1" --format json -o "$2" -q >/dev/null || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

plan "$OUT/ttv-a.yaml" 100 '"[STATUS] == 200"'
plan "$OUT/ttv-b.yaml" 100 '"[STATUS] == 200", "[RESPONSE_TIME] < 1s"'
plan "$OUT/ttv-healthy.yaml" 0 '"[STATUS] == 200"'

wall_a=$(run "$OUT/ttv-a.yaml" "$OUT/ttv-a.json")
wall_b=$(run "$OUT/ttv-b.yaml" "$OUT/ttv-b.json")
wall_h=$(run "$OUT/ttv-healthy.yaml" "$OUT/ttv-healthy.json")

for case in a b; do
  f="$OUT/ttv-$case.json"
  verdict=$(json_field "$f" "r['verdict']")
  decided=$(json_field "$f" "r['decided_after_ms']")
  duration=$(json_field "$f" "r['duration_ms']")
  echo "case $case: verdict $verdict, decided_after ${decided} ms, duration ${duration} ms, decided_after/timeout = $(ratio "$decided" 10000)"
done
f="$OUT/ttv-healthy.json"
verdict=$(json_field "$f" "r['verdict']")
duration=$(json_field "$f" "r['duration_ms']")
slowest=$(json_field "$f" "max(c['duration_ms'] for p in r['phases'] for c in p['checks'])")
echo "healthy: verdict $verdict, run ${duration} ms, slowest probe ${slowest} ms, run/slowest = $(ratio "$duration" "$slowest"), process wall ${wall_h} ms (JVM start included) -> $(ratio "$wall_h" "$slowest")"
