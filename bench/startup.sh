#!/usr/bin/env bash
# Start-up: wall time of `greenlight verify` for a one-check plan against a local URL, next to
# `npx wait-on` (installed from the npm registry into bench/out) for the same URL, with hyperfine.
source "$(dirname "$0")/common.sh"
require hyperfine hyperfine
build_jar
if [ ! -x "$OUT/node_modules/.bin/wait-on" ]; then
  npm install --silent --no-audit --no-fund --prefix "$OUT" wait-on@8 >"$OUT/npm.log" 2>&1 || { cat "$OUT/npm.log"; exit 1; }
fi
start_server healthy startup
URL="http://127.0.0.1:$PORT/health"
WAIT_ON_URL="http-get://127.0.0.1:$PORT/health"   # wait-on sends HEAD for http://
printf 'services:\n  web:\n    url: http://127.0.0.1:%s\n    checks:\n      health: { http: /health, expect: ["[STATUS] == 200"] }\n' "$PORT" >"$OUT/startup.yaml"
"$GL" verify -c "$OUT/startup.yaml" -q >/dev/null
hyperfine --warmup 2 --runs 15 --export-json "$OUT/startup.json" \
  -n greenlight "$GL verify -c $OUT/startup.yaml -q" \
  -n "npx wait-on" "cd $OUT && npx --no-install wait-on $WAIT_ON_URL" \
  -n "wait-on (node, no npx)" "$OUT/node_modules/.bin/wait-on $WAIT_ON_URL" >"$OUT/hyperfine.txt"
python3 - "$OUT/startup.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
g = r["greenlight"]
for name, ms in r.items():
    print(f"{name}: {ms:.0f} ms")
print(f"greenlight / npx wait-on: {g / r['npx wait-on']:.2f}; greenlight / wait-on without npx: {g / r['wait-on (node, no npx)']:.2f}")
PY
