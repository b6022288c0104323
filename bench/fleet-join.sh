#!/usr/bin/env bash
# A watcher joining a fleet whose store already holds a long history: `greenlight watch --fleet --runs 1` on a SQLite
# store seeded with RUNS runs of the same plan (default 300,000: 100 days at a 30 s interval, 5 % of them NO-GO with a
# root cause) and with the runs of another environment between them, next to the same watch on an empty store in the
# same run. Figures: wall time and peak RSS, and their excess over the empty store's.
source "$(dirname "$0")/common.sh"
require "sqlite3 time" sqlite3 /usr/bin/time
RUNS=${RUNS:-300000}
build_jar
start_server healthy fleet-join
plan="$OUT/fleet-join.yaml"
printf 'environment: bench\nservices:\n  api: { url: "http://127.0.0.1:%s", checks: { health: { http: /health } } }\n' "$PORT" >"$plan"
sha=$(sha256sum "$plan" | cut -d' ' -f1)
rm -f "$OUT/fleet-join.db" "$OUT/fleet-join-empty.db"
"$GL" verify -c "$plan" -q --store "sqlite:$OUT/fleet-join.db" >/dev/null   # the schema, by Flyway
sqlite3 "$OUT/fleet-join.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $RUNS)
INSERT INTO runs (started_at, started_ms, environment, verdict, exit_code, duration_ms, decided_after_ms, command, config_sha256)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 1700000000 + i * 30, 'unixepoch'), (1700000000 + i * 30) * 1000,
       CASE WHEN i % 10 = 0 THEN 'production' ELSE 'bench' END, CASE WHEN i % 100 < 5 THEN 'NO-GO' ELSE 'GO' END, 0, 10, 10,
       'greenlight watch', CASE WHEN i % 10 = 0 THEN 'another-config' ELSE '$sha' END FROM n;
INSERT INTO root_causes (run_id, service, signature, classification)
SELECT id, 'api', 'CONNECTION_REFUSED', 'configuration' FROM runs WHERE verdict = 'NO-GO';
SQL
join_once() { # STORE -> "wall_s rss_kb"
  /usr/bin/time -f "%e %M" -o "$OUT/fleet-join.time" "$GL" watch -c "$plan" --store "sqlite:$1" --fleet --runs 1 \
    --interval 1s --listen 127.0.0.1:0 >/dev/null 2>&1
  cat "$OUT/fleet-join.time"
}
join_once "$OUT/fleet-join-empty.db" >/dev/null   # page cache, class-data archive
read -r empty_s empty_kb < <(join_once "$OUT/fleet-join-empty.db")
read -r full_s full_kb < <(join_once "$OUT/fleet-join.db")
echo "watch --fleet joining an empty store: ${empty_s} s, peak RSS $((empty_kb / 1024)) MB"
echo "joining $RUNS runs of history (a tenth of them another plan's): ${full_s} s, peak RSS $((full_kb / 1024)) MB" \
  "-> +$(python3 -c "print(round($full_s - $empty_s, 2))") s, +$(((full_kb - empty_kb) / 1024)) MB over the empty store"
