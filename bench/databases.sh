#!/usr/bin/env bash
# PostgreSQL and Redis: 1,000 probes each against local servers (Debian's packages, started here on
# loopback). Figures: probes/s and p99 probe latency, next to pgbench -S (new connection per transaction,
# -C, as each probe does) and redis-benchmark -t ping in the same run.
source "$(dirname "$0")/common.sh"
PROBES=${PROBES:-1000}
CONCURRENCY=${CONCURRENCY:-32}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
require "postgresql postgresql-contrib redis-server" "$PGBIN/postgres" "$PGBIN/pgbench" redis-server redis-benchmark
build_jar

# --- servers
start_postgres pg -c max_connections=100 -c fsync=off
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$OUT/redis.log" 2>&1 &
PIDS+=($!)
sleep 0.5

# --- Greenlight
plan() { # plan FILE PROBE-LINE
  { echo "environment: bench"; echo "concurrency: $CONCURRENCY"; echo "timeout: 5s"; echo "services:"; echo "  db:"; echo "    checks:"
    for i in $(seq 1 "$PROBES"); do echo "      p$i: { $2 }"; done; } >"$1"
}
plan "$OUT/pg.yaml" "postgres: { address: \"127.0.0.1:$PG_PORT\", database: postgres, user: bench, password: \"\${PGPASSWORD}\" }"
plan "$OUT/pg-handshake.yaml" "postgres: \"127.0.0.1:$PG_PORT\""
plan "$OUT/redis.yaml" "redis: \"127.0.0.1:$REDIS_PORT\""
measure() { # measure NAME PLAN
  PGPASSWORD=bench-pw "$GL" verify -c "$2" -q --format json -o "$OUT/$1.json" >/dev/null || true
  python3 - "$OUT/$1.json" "$1" "$PROBES" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cs = [c for p in r["phases"] for c in p["checks"]]
took = sorted(c["duration_ms"] for c in cs)
lat = sorted(c["evidence"].get("latency_ms", 0) for c in cs if "evidence" in c)
p99 = lambda xs: xs[min(len(xs) - 1, int(len(xs) * 0.99))]
passed = sum(1 for c in cs if c["status"] == "PASS")
print(f"greenlight {sys.argv[2]}: {passed}/{len(cs)} passed, {len(cs) / (r['duration_ms'] / 1000):.0f} probes/s, "
      f"p99 probe {p99(took)} ms, p99 [LATENCY] {p99(lat):.2f} ms")
PY
}
measure postgres "$OUT/pg.yaml"
measure postgres-handshake "$OUT/pg-handshake.yaml"
measure redis "$OUT/redis.yaml"

# --- references, same servers, same concurrency
PGPASSWORD=bench-pw "$PGBIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U bench -i -s 1 postgres >"$OUT/pgbench-init.log" 2>&1
PGPASSWORD=bench-pw "$PGBIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U bench -S -C -c "$CONCURRENCY" -j 2 \
  -t $((PROBES / CONCURRENCY)) postgres >"$OUT/pgbench.log" 2>&1
echo "pgbench -S -C (new connection per transaction): $(grep -E 'latency average|tps' "$OUT/pgbench.log" | tr '\n' ' ')"
redis-benchmark -p "$REDIS_PORT" -h 127.0.0.1 -t ping -n "$PROBES" -c "$CONCURRENCY" --csv >"$OUT/redis-benchmark.csv" 2>/dev/null
echo "redis-benchmark -t ping (persistent connections): $(tail -2 "$OUT/redis-benchmark.csv" | tr '\n' ' ')"
