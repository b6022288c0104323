#!/usr/bin/env bash
# Settle: how soon a run under a long settle budget knows the answer, against the budget itself.
#  - stuck: the demo's emergency-bypass (health 503 forever, emergency_mode on) with --settle 120s:
#    decided_after_ms / budget (1.0 would mean waiting out the whole budget, as a plain retry loop does)
#  - slow:  the demo's slow-start (ready after about 8 s) with --settle 120s: first_success_ms of
#    backend.health / the moment the backend really was ready (read from its own timeline), and
#    duration_ms / budget
# Set BASELINE_JAR to an older greenlight.jar to print the same figures for it in the same run.
source "$(dirname "$0")/common.sh"
build_jar
BUDGET=120
run_demo() { # JAR_OR_EMPTY SCENARIO OUT
  if [ -n "$1" ]; then
    java -jar "$1" demo --scenario "$2" --settle "${BUDGET}s" -q --format json -o "$3" >/dev/null 2>&1 || true
  else
    "$GL" demo --scenario "$2" --settle "${BUDGET}s" -q --format json -o "$3" >/dev/null 2>&1 || true
  fi
}
report() { # LABEL STUCK_JSON SLOW_JSON
  python3 - "$1" "$2" "$3" "$BUDGET" <<'PY'
import json, sys
label, stuck, slow, budget = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), float(sys.argv[4]) * 1000
def check(r, cid):
    return next(c for p in r["phases"] for c in p["checks"] if c["id"] == cid)
health = check(slow, "backend.health")
# the backend's own readiness: the first attempt whose body said startup_complete (when the timeline says it)
ready = [a["at_ms"] for a in health["timeline"] if a.get("startup_complete") is True]
print(f"{label}: stuck  verdict {stuck['verdict']}, decided after {stuck['decided_after_ms']} ms = "
      f"{stuck['decided_after_ms'] / budget:.3f} of the {budget / 1000:.0f} s budget; ran {stuck['duration_ms']} ms")
print(f"{label}: slow   verdict {slow['verdict']}, backend ready seen at {health.get('first_success_ms')} ms, "
      f"run took {slow['duration_ms']} ms = {slow['duration_ms'] / budget:.3f} of the budget"
      + (f"; attempts {health['attempts']}" if health else ""))
PY
}
run_demo "" emergency-bypass "$OUT/settle-stuck.json"
run_demo "" slow-start "$OUT/settle-slow.json"
report "greenlight" "$OUT/settle-stuck.json" "$OUT/settle-slow.json"
if [ -n "${BASELINE_JAR:-}" ]; then
  run_demo "$BASELINE_JAR" emergency-bypass "$OUT/settle-stuck-base.json"
  run_demo "$BASELINE_JAR" slow-start "$OUT/settle-slow-base.json"
  report "baseline" "$OUT/settle-stuck-base.json" "$OUT/settle-slow-base.json"
fi
