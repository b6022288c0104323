#!/usr/bin/env bash
# https: 2,000 checks against a local nginx over TLS (its own CA given as ca_file) at concurrency 256, every check
# a full handshake. In the same run, prometheus-blackbox-exporter (Debian's package) probes the same URLs with the
# same CA through /probe, driven by wrk, and wrk itself opens a TLS connection per request. Figures: checks/s,
# Greenlight / blackbox_exporter, Greenlight / wrk, and https vs plain http for Greenlight (the handshake's cost).
source "$(dirname "$0")/common.sh"
for tool in nginx openssl prometheus-blackbox-exporter wrk /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx-light openssl prometheus-blackbox-exporter wrk time curl" >&2; exit 1; }
done
CHECKS=${CHECKS:-2000}
CONCURRENCY=${CONCURRENCY:-256}
build_jar
start_nginx
start_nginx_tls

write_plan() { # write_plan FILE COUNT URL-PREFIX EXTRA-OPTIONS
  {
    echo "environment: bench"
    echo "concurrency: $CONCURRENCY"
    echo "timeout: 5s"
    echo "services:"
    echo "  fleet:"
    echo "    checks:"
    for i in $(seq 1 "$2"); do
      echo "      c$i: { http: { url: \"$3/p$((i % CHECKS + 1))\"$4 }, expect: [\"[STATUS] == 200\"] }"
    done
  } >"$1"
}
write_plan "$OUT/https.yaml" "$CHECKS" "https://127.0.0.1:$TLS_PORT" ", ca_file: \"$CA\""
write_plan "$OUT/https-steady.yaml" $((CHECKS * 5)) "https://127.0.0.1:$TLS_PORT" ", ca_file: \"$CA\""
write_plan "$OUT/https-plain.yaml" "$CHECKS" "http://127.0.0.1:$NGINX_PORT" ""
run_ms() { # run_ms PLAN -> the run's duration_ms (a verdict other than GO stops the bench)
  "$GL" verify -c "$1" -q --format json -o "$OUT/https-run.json" >/dev/null || true
  [ "$(json_field "$OUT/https-run.json" "r['verdict']")" = GO ] || { echo "not GO: $1" >&2; exit 1; }
  json_field "$OUT/https-run.json" "r['duration_ms']"
}
run_ms "$OUT/https.yaml" >/dev/null   # page cache, class-data archive
/usr/bin/time -f "%e" -o "$OUT/https.time" "$GL" verify -c "$OUT/https.yaml" -q --format json -o "$OUT/https-run.json" >/dev/null || true
gl_wall=$(cat "$OUT/https.time")
gl_ms=$(json_field "$OUT/https-run.json" "r['duration_ms']")
steady_ms=$(run_ms "$OUT/https-steady.yaml")
plain_ms=$(run_ms "$OUT/https-plain.yaml")
gl_rate=$(python3 -c "print(round($CHECKS / ($gl_ms / 1000.0)))")
wall_rate=$(python3 -c "print(round($CHECKS / $gl_wall))")
steady_rate=$(python3 -c "print(round($CHECKS * 5 / ($steady_ms / 1000.0)))")

BB_PORT=$(free_port)
cat >"$OUT/blackbox-https.yml" <<CONF
modules:
  https_2xx:
    prober: http
    timeout: 5s
    http:
      valid_status_codes: [200]
      tls_config:
        ca_file: $CA
CONF
prometheus-blackbox-exporter --config.file="$OUT/blackbox-https.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
  >"$OUT/blackbox-https.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$BB_PORT/metrics" >/dev/null 2>&1 && break; sleep 0.05; done
curl -fs "http://127.0.0.1:$BB_PORT/probe?module=https_2xx&target=https://127.0.0.1:$TLS_PORT/p1" | grep -q '^probe_success 1' \
  || { echo "blackbox_exporter does not probe https successfully" >&2; exit 1; }
cat >"$OUT/probe-https.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/probe?module=https_2xx&target=https://127.0.0.1:$TLS_PORT/p" .. ((n % $CHECKS) + 1))
end
LUA
wrk -t2 -c"$CONCURRENCY" -d10s -s "$OUT/probe-https.lua" "http://127.0.0.1:$BB_PORT" >"$OUT/wrk-bb-https.txt"
bb_rate=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/wrk-bb-https.txt")
cat >"$OUT/close-https.lua" <<LUA
request = function() return wrk.format(nil, "/p1", { ["Connection"] = "close" }) end
LUA
wrk -t2 -c"$CONCURRENCY" -d10s -s "$OUT/close-https.lua" "https://127.0.0.1:$TLS_PORT" >"$OUT/wrk-https.txt"
wrk_rate=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/wrk-https.txt")

echo "greenlight: $CHECKS https checks, run ${gl_ms} ms -> ${gl_rate} checks/s; whole process ${gl_wall} s -> ${wall_rate} checks/s"
echo "greenlight, $((CHECKS * 5)) https checks in one run (warm JVM): run ${steady_ms} ms -> ${steady_rate} checks/s"
echo "greenlight, the same $CHECKS checks over plain http: run ${plain_ms} ms; https / http: $(ratio "$gl_ms" "$plain_ms")"
echo "blackbox_exporter: ${bb_rate} https probes/s via /probe (wrk -c$CONCURRENCY, 10 s)"
echo "ratio greenlight/blackbox (https checks/s): $CHECKS-check run $(ratio "$gl_rate" "$bb_rate"), whole process $(ratio "$wall_rate" "$bb_rate"), warm $(ratio "$steady_rate" "$bb_rate")"
echo "wrk, a TLS connection per request on the same nginx: ${wrk_rate} requests/s; greenlight/wrk warm $(ratio "$steady_rate" "$wrk_rate")"
