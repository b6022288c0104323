#!/usr/bin/env bash
# A watcher over time: CHECKS HTTP checks (default 2,000) against a local nginx every INTERVAL (default 10 s) for
# DURATION seconds (default 120; the issue's 10 minutes: DURATION=600), with SQLite and then PostgreSQL as the store.
# Halfway through each run a backend the plan also checks is killed (the fault) and a webhook receiver on loopback
# notes when the alert arrives (failure_threshold 1). Then two --fleet watchers share the plan on PostgreSQL.
# Figures: CPU time per interval / interval (one core = 1.0), peak RSS, store growth per day (extrapolated from the
# runs made), store write p50/p99 (from the watch log), fault -> alert delivered vs the interval, and runs per
# watcher in the fleet vs one watcher alone.
source "$(dirname "$0")/common.sh"
CHECKS=${CHECKS:-2000}
INTERVAL=${INTERVAL:-10}
DURATION=${DURATION:-120}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
require "nginx-light curl postgresql" nginx curl psql "$PGBIN/postgres"
build_jar
start_nginx

# --- PostgreSQL on loopback
start_postgres watch-pg   # fsync on: write times as a production server gives them
for db in single fleet; do PGPASSWORD=bench-pw psql -q -h 127.0.0.1 -p "$PG_PORT" -U bench -d postgres -c "CREATE DATABASE $db" >/dev/null; done
export PGPASSWORD=bench-pw

# --- the alert receiver: one line per POST, "epoch_ms event"
HOOK_PORT=$(free_port)
python3 - "$HOOK_PORT" "$OUT/watch-alerts.txt" <<'PY' &
import http.server, sys, time
port, out = int(sys.argv[1]), sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(out, "a") as f:
            f.write(f"{int(time.time() * 1000)} {self.headers.get('X-Greenlight-Event')}\n")
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
PIDS+=($!)

plan() { # plan FILE FAULT_PORT
  {
    echo "environment: bench"
    echo "concurrency: 256"
    echo "timeout: 5s"
    echo "services:"
    echo "  backend: { url: \"http://127.0.0.1:$2\", checks: { health: { http: /health } } }"
    echo "  fleet:"
    echo "    checks:"
    for i in $(seq 1 "$CHECKS"); do
      echo "      c$i: { http: \"http://127.0.0.1:$NGINX_PORT/p$i\", expect: [\"[STATUS] == 200\"] }"
    done
    echo "phases:"
    echo "  - { name: all, checks: [backend, fleet], min_pass_rate: 100% }"
    echo "alerts:"
    echo "  failure_threshold: 1"
    echo "  send: [ { webhook: \"http://127.0.0.1:$HOOK_PORT/\" } ]"
  } >"$1"
}

# one_watcher NAME STORE SIZE_COMMAND: runs a watcher for DURATION, kills its backend halfway; prints the figures
one_watcher() {
  local name="$1" store="$2" size_command="$3"
  start_server healthy "watch-backend-$name"
  local backend_pid=${PIDS[-1]} backend_port=$PORT
  plan "$OUT/watch-$name.yaml" "$backend_port"
  : >"$OUT/watch-alerts.txt"
  "$GL" watch -c "$OUT/watch-$name.yaml" --interval "${INTERVAL}s" --store "$store" --listen 127.0.0.1:0 \
    2>"$OUT/watch-$name.log" &
  local pid=$!
  sleep $((DURATION / 2))
  local fault_ms; fault_ms=$(date +%s%3N)
  kill "$backend_pid"
  sleep $((DURATION - DURATION / 2))
  local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local rss_kb; rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  local size; size=$($size_command)
  python3 - "$OUT/watch-$name.log" "$OUT/watch-alerts.txt" "$fault_ms" "$ticks" "$(getconf CLK_TCK)" "$DURATION" "$INTERVAL" \
    "$rss_kb" "$name" "$size" <<'PY'
import re, sys
log, alerts, fault, ticks, hz, duration, interval, rss, name, size = sys.argv[1:11]
text = open(log).read()
runs = re.findall(r"watch: run .*? in (\d+) ms, recorded in (\d+) ms", text)
writes = sorted(int(w) for _, w in runs)
took = sorted(int(t) for t, _ in runs)
def pct(xs, p): return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")
cpu = int(ticks) / int(hz)
lines = [l.split() for l in open(alerts).read().splitlines() if l.strip()]
firing = [int(t) for t, e in lines if e == "firing" and int(t) >= int(fault)]
per_day = 86400 / int(interval)
print(f"{name}: {len(runs)} runs of {len(runs) and took[len(took)//2]} ms (p50); CPU {cpu:.1f} s over {duration} s"
      f" = {cpu / int(duration):.3f} of a core; peak RSS {int(rss) // 1024} MB")
print(f"{name}: store write p50 {pct(writes, 50)} ms, p99 {pct(writes, 99)} ms; store {int(size) / 1e6:.2f} MB after {len(runs)} runs"
      f" -> {int(size) / max(1, len(runs)) * per_day / 1e9:.2f} GB/day at one run per {interval} s")
if firing:
    d = firing[0] - int(fault)
    print(f"{name}: fault -> alert delivered {d / 1000:.1f} s = {d / 1000 / int(interval):.2f} intervals (failure_threshold 1)")
else:
    print(f"{name}: no alert after the fault (see {log})")
PY
}

sqlite_size() { stat -c %s "$OUT/watch.db"; }
pg_size() { psql -tA -h 127.0.0.1 -p "$PG_PORT" -U bench -d postgres -c "SELECT pg_database_size('single') - pg_database_size('template1')"; }
rm -f "$OUT/watch.db"
one_watcher sqlite "sqlite:$OUT/watch.db" sqlite_size
one_watcher postgresql "postgresql://bench@127.0.0.1:$PG_PORT/single" pg_size

# --- two watchers, one PostgreSQL
start_server healthy watch-backend-fleet
plan "$OUT/watch-fleet.yaml" "$PORT"
for w in a b; do
  "$GL" watch -c "$OUT/watch-fleet.yaml" --interval "${INTERVAL}s" --store "postgresql://bench@127.0.0.1:$PG_PORT/fleet" \
    --fleet --listen 127.0.0.1:0 2>"$OUT/watch-fleet-$w.log" &
  eval "FLEET_$w=\$!"
done
sleep "$DURATION"
kill -TERM "$FLEET_a" "$FLEET_b"; wait "$FLEET_a" "$FLEET_b" || true
slots=$(psql -tA -h 127.0.0.1 -p "$PG_PORT" -U bench -d fleet -c "SELECT COUNT(*), COUNT(DISTINCT slot), MAX(slot) - MIN(slot) + 1 FROM leases")
runs_a=$(grep -cE "watch: run [0-9]+ \(slot" "$OUT/watch-fleet-a.log" || true)
runs_b=$(grep -cE "watch: run [0-9]+ \(slot" "$OUT/watch-fleet-b.log" || true)
echo "fleet of 2 on PostgreSQL for $DURATION s: leases (rows, distinct slots, slot span) = $slots; runs a $runs_a, b $runs_b;" \
  "checks per interval per watcher: $(python3 -c "print(round(($CHECKS + 1) * $runs_a / max(1, $runs_a + $runs_b)))"), $(python3 -c "print(round(($CHECKS + 1) * $runs_b / max(1, $runs_a + $runs_b)))") vs $((CHECKS + 1)) alone"
