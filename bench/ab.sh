#!/usr/bin/env bash
# A/B: an older build (REF, any commit) and this tree run the same HTTP plan against the same local nginx, one after
# the other, RUNS (12) times each. On a small shared VM a figure moves by 20-40 % between minutes, more than most
# changes: only runs interleaved within the same minutes compare two builds. Figures: the medians of each build's run
# time (cold, one process per run) and whole-process wall time, and this tree / REF. The time outside the run is printed
# run by run: here it falls in two groups 200 ms apart in both builds alike (a 10,000-check process: 920-960 or
# 1,120-1,180 ms), so whole-process medians of a few runs follow which group more runs fell in; the run's median is
# the steadier figure.
#   bench/ab.sh REF [CHECKS]      e.g. bench/ab.sh HEAD~3 10000
source "$(dirname "$0")/common.sh"
require "nginx-light time curl" nginx /usr/bin/time curl
REF=${1:?usage: bench/ab.sh REF [CHECKS] (REF: a commit to compare this tree with)}
CHECKS=${2:-2000}
CONCURRENCY=${CONCURRENCY:-256}
RUNS=${RUNS:-12}
ref_dir="$OUT/ab-ref"
commit=$(git -C "$ROOT" rev-parse --verify "$REF^{commit}")
build_jar
if [ "$(git -C "$ref_dir" rev-parse HEAD 2>/dev/null || true)" != "$commit" ]; then
  git -C "$ROOT" worktree remove --force "$ref_dir" 2>/dev/null || rm -rf "$ref_dir"
  git -C "$ROOT" worktree add --detach "$ref_dir" "$commit" >/dev/null
fi
"$ref_dir/greenlight" --version >/dev/null   # builds REF's jar and its class-data archive when needed
start_nginx
write_http_plan "$OUT/ab.yaml" "$CHECKS" "http://127.0.0.1:$NGINX_PORT"
"$GL" verify -c "$OUT/ab.yaml" -q --format json -o "$OUT/ab-warmup.json" >/dev/null || true   # page cache
: >"$OUT/ab.txt"
for i in $(seq 1 "$RUNS"); do
  for build in ref head; do
    launcher="$GL"; [ "$build" = ref ] && launcher="$ref_dir/greenlight"
    /usr/bin/time -f "%e" -o "$OUT/ab.time" "$launcher" verify -c "$OUT/ab.yaml" -q --format json -o "$OUT/ab-$build.json" \
      >/dev/null || true
    python3 - "$build" "$(cat "$OUT/ab.time")" "$OUT/ab-$build.json" >>"$OUT/ab.txt" <<'PY'
import json, sys
build, wall, report = sys.argv[1], float(sys.argv[2]), json.load(open(sys.argv[3]))
passed = sum(1 for p in report["phases"] for c in p["checks"] if c["status"] == "PASS")
print(json.dumps({"build": build, "run_ms": report["duration_ms"], "wall_s": wall, "passed": passed}))
PY
  done
done
python3 - "$CHECKS" "$REF" <<PY
import json, statistics as st, sys
checks, ref = int(sys.argv[1]), sys.argv[2]
rows = [json.loads(l) for l in open("$OUT/ab.txt")]
by = {b: [r for r in rows if r["build"] == b] for b in ("ref", "head")}
for b, name in (("ref", ref), ("head", "this tree")):
    rs = by[b]
    print(f"{name}: {checks} checks, {min(r['passed'] for r in rs)} passed in each of {len(rs)} runs; median run"
          f" {st.median(r['run_ms'] for r in rs):.0f} ms ({min(r['run_ms'] for r in rs)}-{max(r['run_ms'] for r in rs)}),"
          f" median whole process {st.median(r['wall_s'] for r in rs):.2f} s; outside the run (JVM start, config, report,"
          f" exit) {sorted(round(r['wall_s'] * 1000 - r['run_ms']) for r in rs)} ms")
run = st.median(r["run_ms"] for r in by["head"]) / st.median(r["run_ms"] for r in by["ref"])
wall = st.median(r["wall_s"] for r in by["head"]) / st.median(r["wall_s"] for r in by["ref"])
print(f"ratio this tree / {ref} (time, lower is faster): run {run:.3f}, whole process {wall:.3f}")
PY
