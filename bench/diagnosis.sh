#!/usr/bin/env bash
# Diagnosis: random dependency graphs of 20-200 real HTTP servers on loopback, 1-3 injected root faults
# (refused, blackhole, 503, an unhealthy dependency only a body names, stuck startup), 200 trials.
# Figures: root-cause precision and recall, cascade precision, diagnosis time for 200 services.
source "$(dirname "$0")/common.sh"
TRIALS=${TRIALS:-200}
(cd "$ROOT" && mvn -B -q test-compile >"$OUT/build.log" 2>&1) || { cat "$OUT/build.log"; exit 1; }
CP=$(cd "$ROOT" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout 2>/dev/null)
java -XX:TieredStopAtLevel=1 -cp "$ROOT/target/classes:$ROOT/target/test-classes:$CP" dev.greenlight.bench.DiagnosisBench "$TRIALS" 42
