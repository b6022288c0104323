#!/usr/bin/env bash
# Throughput and memory: 2,000 HTTP checks against a local nginx at concurrency 256. In the same run,
# prometheus-blackbox-exporter (Debian's package) probes the same URLs through /probe at the same
# concurrency, driven by wrk. Figures: checks/s, peak RSS, Greenlight / blackbox_exporter, and Greenlight / wrk
# with "Connection: close" on the same nginx (every check opens a connection, as wrk then does).
source "$(dirname "$0")/common.sh"
require "nginx-light prometheus-blackbox-exporter wrk time curl" nginx prometheus-blackbox-exporter wrk /usr/bin/time curl
CHECKS=${CHECKS:-2000}
CONCURRENCY=${CONCURRENCY:-256}
build_jar
start_nginx

# --- Greenlight
plan="$OUT/throughput.yaml"
write_http_plan "$plan" "$CHECKS" "http://127.0.0.1:$NGINX_PORT"
# the same URLs five times over in one run: the rate once the JVM is warm, as blackbox_exporter's is measured
write_http_plan "$OUT/throughput-steady.yaml" $((CHECKS * 5)) "http://127.0.0.1:$NGINX_PORT"
"$GL" verify -c "$plan" -q --format json -o "$OUT/warmup.json" >/dev/null || true   # page cache, CDS archive
# a cold run is one process, and one process on a small VM varies by 10-20 %: the median of ROUNDS (default 5) of them
ROUNDS=${ROUNDS:-5}
: >"$OUT/gl-rounds.txt"
for _ in $(seq 1 "$ROUNDS"); do
  /usr/bin/time -f "%e %M" -o "$OUT/gl.time" "$GL" verify -c "$plan" -q --format json -o "$OUT/throughput.json" >/dev/null || true
  read -r wall rss <"$OUT/gl.time"
  echo "$(json_field "$OUT/throughput.json" "r['duration_ms']") $wall $rss $(json_field "$OUT/throughput.json" "r['verdict']") \
    $(json_field "$OUT/throughput.json" "sum(1 for p in r['phases'] for c in p['checks'] if c['status']=='PASS')")" >>"$OUT/gl-rounds.txt"
done
read -r gl_run_ms gl_wall gl_rss_kb gl_verdict gl_passed < <(python3 -c "
import statistics as st
rows=[l.split() for l in open('$OUT/gl-rounds.txt')]
run=st.median(int(r[0]) for r in rows); wall=st.median(float(r[1]) for r in rows)
worst=[r for r in rows if r[3] != 'GO'] or rows
print(run, wall, max(int(r[2]) for r in rows), worst[0][3], min(int(r[4]) for r in rows))")
gl_run_rate=$(python3 -c "print(round($CHECKS / ($gl_run_ms / 1000.0)))")
gl_wall_rate=$(python3 -c "print(round($CHECKS / $gl_wall))")
: >"$OUT/steady-rounds.txt"
for _ in $(seq 1 "$ROUNDS"); do
  "$GL" verify -c "$OUT/throughput-steady.yaml" -q --format json -o "$OUT/throughput-steady.json" >/dev/null || true
  echo "$(json_field "$OUT/throughput-steady.json" "r['duration_ms']") $(json_field "$OUT/throughput-steady.json" "r['verdict']")" \
    >>"$OUT/steady-rounds.txt"
done
read -r steady_ms steady_verdict < <(python3 -c "
import statistics as st
rows=[l.split() for l in open('$OUT/steady-rounds.txt')]
worst=[r for r in rows if r[1] != 'GO'] or rows
print(st.median(int(r[0]) for r in rows), worst[0][1])")
steady_rate=$(python3 -c "print(round($CHECKS * 5 / ($steady_ms / 1000.0)))")

# --- blackbox_exporter
blackbox_rate blackbox "http://127.0.0.1:$NGINX_PORT"
bb_rate=$BB_RATE
bb_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$BB_PID/status")

# --- wrk on the same nginx, a new connection per request: the ceiling of new-connection HTTP on this machine
close_rate close "http://127.0.0.1:$NGINX_PORT"
wrk_rate=$CLOSE_RATE

echo "greenlight: $CHECKS checks, $gl_passed passed, verdict $gl_verdict; median of $ROUNDS cold runs: run ${gl_run_ms} ms ->" \
  "${gl_run_rate} checks/s; whole process ${gl_wall} s (JVM start included) -> ${gl_wall_rate} checks/s; peak RSS $((gl_rss_kb / 1024)) MB"
echo "greenlight, $((CHECKS * 5)) checks in one run (warm JVM), median of $ROUNDS: verdict $steady_verdict, run ${steady_ms} ms -> ${steady_rate} checks/s"
echo "blackbox_exporter: ${bb_rate} probes/s via /probe (wrk -c$CONCURRENCY, 10 s); peak RSS $((bb_rss_kb / 1024)) MB"
echo "ratio greenlight/blackbox (checks/s): $CHECKS-check run $(ratio "$gl_run_rate" "$bb_rate"), whole process $(ratio "$gl_wall_rate" "$bb_rate"), warm $(ratio "$steady_rate" "$bb_rate")"
echo "peak RSS greenlight/blackbox: $(ratio "$gl_rss_kb" "$bb_rss_kb")"
echo "wrk -H 'Connection: close' on the same nginx: ${wrk_rate} requests/s (-c$CONCURRENCY, 10 s)"
echo "ratio greenlight/wrk (new-connection requests/s): cold $(ratio "$gl_run_rate" "$wrk_rate"), warm $(ratio "$steady_rate" "$wrk_rate")"
