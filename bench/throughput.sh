#!/usr/bin/env bash
# Throughput and memory: 2,000 HTTP checks against a local nginx at concurrency 256. In the same run,
# prometheus-blackbox-exporter (Debian's package) probes the same URLs through /probe at the same
# concurrency, driven by wrk. Figures: checks/s, peak RSS, Greenlight / blackbox_exporter, and Greenlight / wrk
# with "Connection: close" on the same nginx (every check opens a connection, as wrk then does).
#
# A small shared VM has slow and fast minutes: one process varied by 20 % between runs here, and so did
# blackbox_exporter's rate. So the measures are paired: ROUNDS (5) rounds, each a cold Greenlight run, a warm one
# (the URLs 5x over in one process), and REF_SECONDS (4) of wrk on blackbox_exporter and on nginx, back to back;
# each ratio is taken within its round, and the figures are the medians over the rounds.
source "$(dirname "$0")/common.sh"
require "nginx-light prometheus-blackbox-exporter wrk time curl" nginx prometheus-blackbox-exporter wrk /usr/bin/time curl
CHECKS=${CHECKS:-2000}
CONCURRENCY=${CONCURRENCY:-256}
ROUNDS=${ROUNDS:-5}
REF_SECONDS=${REF_SECONDS:-4}
build_jar
start_nginx

plan="$OUT/throughput.yaml"
write_http_plan "$plan" "$CHECKS" "http://127.0.0.1:$NGINX_PORT"
write_http_plan "$OUT/throughput-steady.yaml" $((CHECKS * 5)) "http://127.0.0.1:$NGINX_PORT"
"$GL" verify -c "$plan" -q --format json -o "$OUT/warmup.json" >/dev/null || true   # page cache, CDS archive
blackbox_rate blackbox "http://127.0.0.1:$NGINX_PORT"   # started, and warmed for 10 s
close_rate close "http://127.0.0.1:$NGINX_PORT" "$REF_SECONDS"

: >"$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  /usr/bin/time -f "%e %M" -o "$OUT/gl.time" "$GL" verify -c "$plan" -q --format json -o "$OUT/throughput.json" >/dev/null || true
  read -r wall rss <"$OUT/gl.time"
  "$GL" verify -c "$OUT/throughput-steady.yaml" -q --format json -o "$OUT/throughput-steady.json" >/dev/null || true
  blackbox_again "$REF_SECONDS"
  close_rate close "http://127.0.0.1:$NGINX_PORT" "$REF_SECONDS"
  python3 - "$round" "$wall" "$rss" "$BB_RATE" "$CLOSE_RATE" >>"$OUT/rounds.txt" <<PY
import json, sys
_, n, wall, rss, bb, close = sys.argv
cold = json.load(open("$OUT/throughput.json")); warm = json.load(open("$OUT/throughput-steady.json"))
passed = sum(1 for p in cold["phases"] for c in p["checks"] if c["status"] == "PASS")
print(json.dumps({"round": int(n), "run_ms": cold["duration_ms"], "wall_s": float(wall), "rss_kb": int(rss),
                  "verdict": cold["verdict"], "passed": passed, "warm_ms": warm["duration_ms"], "warm_verdict": warm["verdict"],
                  "bb": int(bb), "close": int(close)}))
PY
done
bb_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$BB_PID/status")

python3 - "$CHECKS" "$bb_rss_kb" <<PY
import json, statistics as st, sys
checks, bb_rss = int(sys.argv[1]), int(sys.argv[2])
rows = [json.loads(l) for l in open("$OUT/rounds.txt")]
med = lambda xs: st.median(xs)
cold = [checks / (r["run_ms"] / 1000) for r in rows]
whole = [checks / r["wall_s"] for r in rows]
warm = [checks * 5 / (r["warm_ms"] / 1000) for r in rows]
verdicts = {r["verdict"] for r in rows} | {r["warm_verdict"] for r in rows}
spread = lambda xs: f"{min(xs):.3f}-{max(xs):.3f}"
print(f"greenlight: {checks} checks, {min(r['passed'] for r in rows)} passed in each of {len(rows)} rounds, verdicts {sorted(verdicts)};"
      f" median cold run {med([r['run_ms'] for r in rows]):.0f} ms -> {med(cold):.0f} checks/s; whole process"
      f" {med([r['wall_s'] for r in rows]):.2f} s (JVM start included) -> {med(whole):.0f} checks/s; peak RSS"
      f" {max(r['rss_kb'] for r in rows) // 1024} MB")
print(f"greenlight, {checks * 5} checks in one run (warm JVM): median {med([r['warm_ms'] for r in rows]):.0f} ms -> {med(warm):.0f} checks/s")
print(f"blackbox_exporter: median {med([r['bb'] for r in rows]):.0f} probes/s via /probe (wrk -c$CONCURRENCY, $REF_SECONDS s a round);"
      f" peak RSS {bb_rss // 1024} MB")
r_cold = [c / r["bb"] for c, r in zip(cold, rows)]
r_whole = [w / r["bb"] for w, r in zip(whole, rows)]
r_warm = [w / r["bb"] for w, r in zip(warm, rows)]
print(f"ratio greenlight/blackbox (checks/s), median of the rounds' own ratios: {checks}-check run {med(r_cold):.3f}"
      f" ({spread(r_cold)}), whole process {med(r_whole):.3f} ({spread(r_whole)}), warm {med(r_warm):.3f} ({spread(r_warm)})")
print(f"peak RSS greenlight/blackbox: {max(r['rss_kb'] for r in rows) / bb_rss:.3f}")
w_cold = [c / r["close"] for c, r in zip(cold, rows)]
w_warm = [w / r["close"] for w, r in zip(warm, rows)]
print(f"wrk -H 'Connection: close' on the same nginx: median {med([r['close'] for r in rows]):.0f} requests/s (-c$CONCURRENCY, $REF_SECONDS s a round)")
print(f"ratio greenlight/wrk (new-connection requests/s), median of the rounds: cold {med(w_cold):.3f} ({spread(w_cold)}),"
      f" warm {med(w_warm):.3f} ({spread(w_warm)})")
PY
