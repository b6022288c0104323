#!/usr/bin/env bash
# Preflight at scale: a generated monorepo of 500 services (Dockerfile, gunicorn config, Kubernetes
# Deployment+Service, a gcloud deploy script each: 2,000 files), every 10th service with a port drift and
# every 25th with an emergency flag left on. Prints wall time, peak RSS, findings per rule (expected: 50
# drifts, 50 platform-port-ignored, 20 flags, nothing else). Reference in the same run: yamllint (Debian's
# package; hadolint and kube-linter are not packaged) over the same YAML files, one linter of one file kind.
source "$(dirname "$0")/common.sh"
build_jar
N=${SERVICES:-500}
repo="$OUT/monorepo"
rm -rf "$repo" && mkdir -p "$repo"
python3 - "$repo" "$N" <<'PY'
import os, sys
repo, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    name = f"svc{i:03d}"
    d = os.path.join(repo, "services", name)
    os.makedirs(os.path.join(d, "k8s"), exist_ok=True)
    drift = i % 10 == 0
    flag = i % 25 == 0
    open(os.path.join(d, "Dockerfile"), "w").write(
        "FROM python:3.11 AS build\nRUN pip wheel -r requirements.txt -w /w\nFROM python:3.11-slim\n"
        "COPY --from=build /w /w\nEXPOSE 8080\nCMD gunicorn app:app -c gunicorn_config.py\n")
    open(os.path.join(d, "gunicorn_config.py"), "w").write(
        "import os\n" + ('bind = "0.0.0.0:8081"\n' if drift else 'bind = f"0.0.0.0:{os.environ.get(\'PORT\', \'8080\')}"\n')
        + "workers = 2\n")
    open(os.path.join(d, "k8s", "deploy.yaml"), "w").write(f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  template:
    metadata:
      labels: {{ app: {name} }}
    spec:
      containers:
        - name: {name}
          image: registry.example.com/{name}:1
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{ app: {name} }}
  ports:
    - port: 80
      targetPort: 8080
""")
    open(os.path.join(d, "deploy.sh"), "w").write(
        f"#!/bin/sh\ngcloud run deploy {name} \\\n  --image gcr.io/x/{name} \\\n  --port 8080 \\\n"
        f"  --set-env-vars LOG_LEVEL=info{',EMERGENCY_SKIP_MIGRATIONS=true' if flag else ''}\n")
PY
files=$(find "$repo" -type f | wc -l)
/usr/bin/time -f "%e %M" -o "$OUT/preflight.time" "$GL" preflight --format json -o "$OUT/preflight.json" "$repo" >/dev/null || true
read -r gl_s gl_kb < <(tail -1 "$OUT/preflight.time")
ref="skipped (apt-get install yamllint)"
if command -v yamllint >/dev/null; then
  /usr/bin/time -f "%e %M" -o "$OUT/yamllint.time" yamllint -d relaxed "$repo" >/dev/null 2>&1 || true
  read -r y_s y_kb < <(tail -1 "$OUT/yamllint.time")
  ref="yamllint over the same tree: ${y_s} s, peak RSS $((y_kb / 1024)) MiB; greenlight / yamllint time $(ratio "$gl_s" "$y_s")"
fi
python3 - "$OUT/preflight.json" "$gl_s" "$gl_kb" "$files" "$N" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
counts = {}
for f in r["findings"]:
    counts[f["rule_id"]] = counts.get(f["rule_id"], 0) + 1
print(f"{sys.argv[5]} services, {sys.argv[4]} files: {r['summary']}")
print(f"greenlight preflight: {float(sys.argv[2]):.2f} s, peak RSS {int(sys.argv[3]) / 1024:.0f} MiB; findings {counts}")
PY
echo "$ref"
