#!/usr/bin/env bash
# Throughput and memory: 2,000 HTTP checks against a local nginx at concurrency 256. In the same run,
# prometheus-blackbox-exporter (Debian's package) probes the same URLs through /probe at the same
# concurrency, driven by wrk. Figures: checks/s, peak RSS, Greenlight / blackbox_exporter, and Greenlight / wrk
# with "Connection: close" on the same nginx (every check opens a connection, as wrk then does).
source "$(dirname "$0")/common.sh"
for tool in nginx prometheus-blackbox-exporter wrk /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx-light prometheus-blackbox-exporter wrk time curl" >&2; exit 1; }
done
CHECKS=${CHECKS:-2000}
CONCURRENCY=${CONCURRENCY:-256}
build_jar
start_nginx

# --- Greenlight
write_plan() { # write_plan FILE COUNT
  {
    echo "environment: bench"
    echo "concurrency: $CONCURRENCY"
    echo "timeout: 5s"
    echo "services:"
    echo "  fleet:"
    echo "    checks:"
    for i in $(seq 1 "$2"); do
      echo "      c$i: { http: \"http://127.0.0.1:$NGINX_PORT/p$((i % CHECKS + 1))\", expect: [\"[STATUS] == 200\"] }"
    done
  } >"$1"
}
plan="$OUT/throughput.yaml"
write_plan "$plan" "$CHECKS"
# the same URLs five times over in one run: the rate once the JVM is warm, as blackbox_exporter's is measured
write_plan "$OUT/throughput-steady.yaml" $((CHECKS * 5))
"$GL" verify -c "$plan" -q --format json -o "$OUT/warmup.json" >/dev/null || true   # page cache, CDS archive
/usr/bin/time -f "%e %M" -o "$OUT/gl.time" "$GL" verify -c "$plan" -q --format json -o "$OUT/throughput.json" >/dev/null || true
read -r gl_wall gl_rss_kb <"$OUT/gl.time"
gl_verdict=$(json_field "$OUT/throughput.json" "r['verdict']")
gl_passed=$(json_field "$OUT/throughput.json" "sum(1 for p in r['phases'] for c in p['checks'] if c['status']=='PASS')")
gl_run_ms=$(json_field "$OUT/throughput.json" "r['duration_ms']")
gl_run_rate=$(python3 -c "print(round($CHECKS / ($gl_run_ms / 1000.0)))")
gl_wall_rate=$(python3 -c "print(round($CHECKS / $gl_wall))")
"$GL" verify -c "$OUT/throughput-steady.yaml" -q --format json -o "$OUT/throughput-steady.json" >/dev/null || true
steady_ms=$(json_field "$OUT/throughput-steady.json" "r['duration_ms']")
steady_verdict=$(json_field "$OUT/throughput-steady.json" "r['verdict']")
steady_rate=$(python3 -c "print(round($CHECKS * 5 / ($steady_ms / 1000.0)))")

# --- blackbox_exporter
BB_PORT=$(free_port)
cat >"$OUT/blackbox.yml" <<CONF
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      valid_status_codes: [200]
CONF
prometheus-blackbox-exporter --config.file="$OUT/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
  >"$OUT/blackbox.log" 2>&1 &
BB_PID=$!
PIDS+=($BB_PID)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$BB_PORT/metrics" >/dev/null 2>&1 && break; sleep 0.05; done
curl -fs "http://127.0.0.1:$BB_PORT/probe?module=http_2xx&target=http://127.0.0.1:$NGINX_PORT/p1" | grep -q '^probe_success 1' \
  || { echo "blackbox_exporter does not probe successfully" >&2; exit 1; }
cat >"$OUT/probe.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/probe?module=http_2xx&target=http://127.0.0.1:$NGINX_PORT/p" .. ((n % $CHECKS) + 1))
end
LUA
wrk -t2 -c"$CONCURRENCY" -d10s -s "$OUT/probe.lua" "http://127.0.0.1:$BB_PORT" >"$OUT/wrk.txt"
bb_rate=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/wrk.txt")
bb_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$BB_PID/status")

# --- wrk on the same nginx, a new connection per request: the ceiling of new-connection HTTP on this machine
cat >"$OUT/close.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/p" .. ((n % $CHECKS) + 1), { ["Connection"] = "close" })
end
LUA
wrk -t2 -c"$CONCURRENCY" -d10s -s "$OUT/close.lua" "http://127.0.0.1:$NGINX_PORT" >"$OUT/wrk-close.txt"
wrk_rate=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/wrk-close.txt")

echo "greenlight: $CHECKS checks, $gl_passed passed, verdict $gl_verdict; run ${gl_run_ms} ms -> ${gl_run_rate} checks/s;" \
  "whole process ${gl_wall} s (JVM start included) -> ${gl_wall_rate} checks/s; peak RSS $((gl_rss_kb / 1024)) MB"
echo "greenlight, $((CHECKS * 5)) checks in one run (warm JVM): verdict $steady_verdict, run ${steady_ms} ms -> ${steady_rate} checks/s"
echo "blackbox_exporter: ${bb_rate} probes/s via /probe (wrk -c$CONCURRENCY, 10 s); peak RSS $((bb_rss_kb / 1024)) MB"
echo "ratio greenlight/blackbox (checks/s): $CHECKS-check run $(ratio "$gl_run_rate" "$bb_rate"), whole process $(ratio "$gl_wall_rate" "$bb_rate"), warm $(ratio "$steady_rate" "$bb_rate")"
echo "peak RSS greenlight/blackbox: $(ratio "$gl_rss_kb" "$bb_rss_kb")"
echo "wrk -H 'Connection: close' on the same nginx: ${wrk_rate} requests/s (-c$CONCURRENCY, 10 s)"
echo "ratio greenlight/wrk (new-connection requests/s): cold $(ratio "$gl_run_rate" "$wrk_rate"), warm $(ratio "$steady_rate" "$wrk_rate")"
