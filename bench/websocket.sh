#!/usr/bin/env bash
# WebSocket: 500 concurrent event-stream checks (5 events each, 100 ms apart: a 500 ms stream) against a
# local server (node + ws from the npm registry). Figures: run time / the server's own stream duration
# (goal < 1.2), run time / a reference client's (node + ws: one event loop opening the same 500 streams at once,
# bench/ws-client.js, which shows what the server itself allows), and peak RSS.
source "$(dirname "$0")/common.sh"
CHECKS=${CHECKS:-500}
GAP=${GAP:-100}
build_jar
if [ ! -d "$OUT/node_modules/ws" ]; then
  npm install --silent --no-audit --no-fund --prefix "$OUT" ws@8 >"$OUT/npm-ws.log" 2>&1 || { cat "$OUT/npm-ws.log"; exit 1; }
fi
WS_MODULE="$OUT/node_modules/ws" GAP=$GAP node "$BENCH/ws-server.js" >"$OUT/ws.port" &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$OUT/ws.port" ] && break; sleep 0.05; done
PORT=$(head -1 "$OUT/ws.port")
plan="$OUT/websocket.yaml"
{
  echo "environment: bench"
  echo "concurrency: $CHECKS"
  echo "timeout: 10s"
  echo "services:"
  echo "  chat:"
  echo "    url: ws://127.0.0.1:$PORT/ws"
  echo "    checks:"
  for i in $(seq 1 "$CHECKS"); do
    echo "      s$i: { websocket: { send: '{\"type\": \"user_message\"}', expect: [agent_started, agent_thinking, tool_executing, tool_completed, agent_completed] } }"
  done
} >"$plan"
"$GL" verify -c "$plan" -q --format json -o "$OUT/websocket-warmup.json" >/dev/null || true
/usr/bin/time -f "%e %M" -o "$OUT/ws.time" "$GL" verify -c "$plan" -q --format json -o "$OUT/websocket.json" >/dev/null || true
read -r wall rss_kb <"$OUT/ws.time"
stream_ms=$((GAP * 5))
verdict=$(json_field "$OUT/websocket.json" "r['verdict']")
passed=$(json_field "$OUT/websocket.json" "sum(1 for p in r['phases'] for c in p['checks'] if c['status']=='PASS')")
run_ms=$(json_field "$OUT/websocket.json" "r['duration_ms']")
slowest=$(json_field "$OUT/websocket.json" "max(c['duration_ms'] for p in r['phases'] for c in p['checks'])")
node_ms=()
for _ in 1 2 3; do node_ms+=("$(WS_MODULE="$OUT/node_modules/ws" node "$BENCH/ws-client.js" "ws://127.0.0.1:$PORT/ws" "$CHECKS")"); done
read -r node_best node_last_open < <(printf '%s\n' "${node_ms[@]}" | sort -n | head -1)
echo "websocket: $CHECKS concurrent streams, $passed passed, verdict $verdict; run ${run_ms} ms, slowest check ${slowest} ms," \
  "server stream ${stream_ms} ms -> run/stream $(ratio "$run_ms" "$stream_ms"); whole process ${wall} s; peak RSS $((rss_kb / 1024)) MB"
echo "reference client (node + ws, best of 3): $CHECKS streams in ${node_best} ms (its last upgrade answered at ${node_last_open} ms)" \
  "-> greenlight run / reference $(ratio "$run_ms" "$node_best")"
