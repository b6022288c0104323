#!/usr/bin/env bash
# Audit at scale: 1,000 JUnit XML files with 100 test cases each (100,000 cases; every 50th file an e2e
# suite that falls back to a mock, every 100th with a flaky rerun), audited in one run: wall time, peak RSS,
# findings. Reference in the same run: Python's streaming XML parser (iterparse) reading the same files and
# counting the cases (parsing only, no rule), so the ratio shows what the rules cost over reading.
source "$(dirname "$0")/common.sh"
build_jar
FILES=${FILES:-1000}
CASES=${CASES:-100}
dir="$OUT/audit-reports"
rm -rf "$dir" && mkdir -p "$dir"
python3 - "$dir" "$FILES" "$CASES" <<'PY'
import os, sys
d, files, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for f in range(files):
    e2e = f % 50 == 0
    suite = f"tests.e2e.test_chat_{f}" if e2e else f"com.example.Service{f}Test"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="{suite}" tests="{cases}" failures="0" errors="0" skipped="0" time="{0.01 if e2e else 3.5}">']
    for c in range(cases):
        t = 0.0001 if e2e else 0.035
        body = ""
        if e2e and c == 0:
            body = "<system-out>backend unreachable, falling back to mock client</system-out>"
        if f % 100 == 1 and c == 0:
            body = '<flakyFailure message="timeout" type="java.lang.AssertionError"><stackTrace>at x</stackTrace></flakyFailure>'
        out.append(f'  <testcase classname="{suite}" name="case{c}" time="{t}">{body}</testcase>')
    out.append('</testsuite>')
    open(os.path.join(d, f"TEST-{f}.xml"), "w").write("\n".join(out))
PY
size=$(du -sh "$dir" | cut -f1)
/usr/bin/time -f "%e %M" -o "$OUT/audit.time" "$GL" audit --format json -o "$OUT/audit.json" "$dir" >/dev/null || true
read -r gl_s gl_kb < <(tail -1 "$OUT/audit.time")
/usr/bin/time -f "%e %M" -o "$OUT/audit-py.time" python3 - "$dir" <<'PY' >/dev/null
import os, sys, xml.etree.ElementTree as ET
n = 0
for name in os.listdir(sys.argv[1]):
    for _, el in ET.iterparse(os.path.join(sys.argv[1], name)):
        if el.tag == "testcase":
            n += 1
        el.clear()
print(n)
PY
read -r py_s py_kb < <(tail -1 "$OUT/audit-py.time")
python3 - "$OUT/audit.json" "$gl_s" "$gl_kb" "$py_s" "$py_kb" "$FILES" "$CASES" "$size" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
gl_s, gl_kb, py_s, py_kb = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
by_rule = {}
for f in r["findings"]:
    by_rule[f["rule_id"]] = by_rule.get(f["rule_id"], 0) + 1
print(f"{sys.argv[6]} files x {sys.argv[7]} cases ({sys.argv[8]}): {r['summary']}")
print(f"greenlight audit: {gl_s:.2f} s, peak RSS {gl_kb / 1024:.0f} MiB; findings {by_rule}")
print(f"python iterparse (parse only): {py_s:.2f} s, peak RSS {py_kb / 1024:.0f} MiB")
print(f"ratio greenlight / python parse-only: time {gl_s / py_s:.2f}, RSS {gl_kb / py_kb:.2f}")
PY
