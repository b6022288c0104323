#!/usr/bin/env bash
# https: 2,000 checks against a local nginx over TLS (its own CA given as ca_file) at concurrency 256, every check
# a full handshake. In the same run, prometheus-blackbox-exporter (Debian's package) probes the same URLs with the
# same CA through /probe, driven by wrk, and wrk itself opens a TLS connection per request. Figures: checks/s,
# Greenlight / blackbox_exporter, Greenlight / wrk, and https vs plain http for Greenlight (the handshake's cost).
source "$(dirname "$0")/common.sh"
require "nginx-light openssl prometheus-blackbox-exporter wrk time curl" nginx openssl prometheus-blackbox-exporter wrk /usr/bin/time curl
CHECKS=${CHECKS:-2000}
CONCURRENCY=${CONCURRENCY:-256}
build_jar
start_nginx
start_nginx_tls

write_http_plan "$OUT/https.yaml" "$CHECKS" "https://127.0.0.1:$TLS_PORT" ", ca_file: \"$CA\""
write_http_plan "$OUT/https-steady.yaml" $((CHECKS * 5)) "https://127.0.0.1:$TLS_PORT" ", ca_file: \"$CA\""
write_http_plan "$OUT/https-plain.yaml" "$CHECKS" "http://127.0.0.1:$NGINX_PORT"
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

blackbox_rate blackbox-https "https://127.0.0.1:$TLS_PORT" "$CA"
bb_rate=$BB_RATE
close_rate close-https "https://127.0.0.1:$TLS_PORT"
wrk_rate=$CLOSE_RATE

echo "greenlight: $CHECKS https checks, run ${gl_ms} ms -> ${gl_rate} checks/s; whole process ${gl_wall} s -> ${wall_rate} checks/s"
echo "greenlight, $((CHECKS * 5)) https checks in one run (warm JVM): run ${steady_ms} ms -> ${steady_rate} checks/s"
echo "greenlight, the same $CHECKS checks over plain http: run ${plain_ms} ms; https / http: $(ratio "$gl_ms" "$plain_ms")"
echo "blackbox_exporter: ${bb_rate} https probes/s via /probe (wrk -c$CONCURRENCY, 10 s)"
echo "ratio greenlight/blackbox (https checks/s): $CHECKS-check run $(ratio "$gl_rate" "$bb_rate"), whole process $(ratio "$wall_rate" "$bb_rate"), warm $(ratio "$steady_rate" "$bb_rate")"
echo "wrk, a TLS connection per request on the same nginx: ${wrk_rate} requests/s; greenlight/wrk warm $(ratio "$steady_rate" "$wrk_rate")"
