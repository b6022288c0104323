# Shared by the bench scripts: build the jar, start loopback servers, clean up on exit.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out"
mkdir -p "$OUT"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# require "APT PACKAGES" TOOL...: stops the bench, saying what to install, when a tool it drives is missing
require() {
  local packages="$1"; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $packages" >&2; exit 1; }
  done
}

# The launcher users run (it builds the jar and its class-data archive when needed).
GL="$ROOT/greenlight"
build_jar() {
  "$GL" --version >/dev/null
}

# start_server MODE NAME [ARGS...] -> sets PORT
start_server() {
  local mode="$1" name="$2"; shift 2
  rm -f "$OUT/$name.port"
  python3 "$BENCH/servers.py" "$mode" "$OUT/$name.port" "$@" &
  PIDS+=($!)
  for _ in $(seq 1 100); do [ -s "$OUT/$name.port" ] && break; sleep 0.05; done
  PORT="$(cat "$OUT/$name.port")"
}

# json_field FILE EXPR: a value from a JSON report
json_field() { python3 -c "import json,sys; r=json.load(open('$1')); print($2)"; }

ratio() { python3 -c "print(f'{$1/$2:.3f}')"; }

free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()"; }

# start_nginx -> sets NGINX_PORT; answers 200 {"status":"healthy"} on every path (Debian's nginx, loopback only)
start_nginx() {
  NGINX_PORT=$(free_port)
  mkdir -p "$OUT/nginx/logs"
  cat >"$OUT/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location / { default_type application/json; return 200 '{"status":"healthy"}'; }
  }
}
CONF
  nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$NGINX_PORT/" >/dev/null 2>&1 && break; sleep 0.05; done
}

# start_nginx_tls -> sets TLS_PORT and CA (the PEM of the server's self-signed P-256 certificate for 127.0.0.1):
# the same answer over TLS (Debian's nginx speaks TLS 1.2 unless told otherwise)
start_nginx_tls() {
  TLS_PORT=$(free_port)
  CA="$OUT/nginx-tls/cert.pem"
  mkdir -p "$OUT/nginx-tls/logs"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/nginx-tls/key.pem" -out "$CA" \
    -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
  cat >"$OUT/nginx-tls/nginx.conf" <<CONF
worker_processes 1;
pid $OUT/nginx-tls/nginx.pid;
error_log $OUT/nginx-tls/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$TLS_PORT ssl backlog=4096;
    ssl_certificate $CA;
    ssl_certificate_key $OUT/nginx-tls/key.pem;
    location / { default_type application/json; return 200 '{"status":"healthy"}'; }
  }
}
CONF
  nginx -p "$OUT/nginx-tls" -c "$OUT/nginx-tls/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -fs --cacert "$CA" "https://127.0.0.1:$TLS_PORT/" >/dev/null 2>&1 && break; sleep 0.05; done
}

# start_postgres NAME [postgres -c settings...] -> sets PG_PORT, PGDIR; user bench, password bench-pw (loopback only)
start_postgres() {
  local name="$1"; shift
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  PGDIR="$OUT/$name"; rm -rf "$PGDIR"; mkdir -p "$PGDIR"; echo bench-pw >"$PGDIR/pw"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$PGDIR"
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U bench --pwfile="$PGDIR/pw" --auth=scram-sha-256 --no-sync >"$OUT/$name-initdb.log" 2>&1
  PG_PORT=$(free_port)
  as_pg "$PGBIN/postgres" -D "$PGDIR/data" -p "$PG_PORT" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$PGDIR" \
    "$@" >"$OUT/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do PGPASSWORD=bench-pw psql -h 127.0.0.1 -p "$PG_PORT" -U bench -d postgres -c 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done
}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# write_http_plan FILE COUNT URL-PREFIX [OPTIONS]: COUNT http checks over URL-PREFIX/p1..p$CHECKS at $CONCURRENCY, each
# its URL alone, or a map of the URL and OPTIONS (", ca_file: ...") when given
write_http_plan() {
  local file="$1" count="$2" prefix="$3" options="${4:-}" i url
  {
    echo "environment: bench"
    echo "concurrency: $CONCURRENCY"
    echo "timeout: 5s"
    echo "services:"
    echo "  fleet:"
    echo "    checks:"
    for i in $(seq 1 "$count"); do
      url="\"$prefix/p$((i % CHECKS + 1))\""
      [ -n "$options" ] && url="{ url: $url$options }"
      echo "      c$i: { http: $url, expect: [\"[STATUS] == 200\"] }"
    done
  } >"$file"
}

# blackbox_rate NAME TARGET-PREFIX [CA]: prometheus-blackbox-exporter (module probe_2xx, trusting CA when given) probing
# TARGET-PREFIX/p1..p$CHECKS through /probe, driven by wrk -c$CONCURRENCY for 10 s -> sets BB_RATE (probes/s), BB_PID
blackbox_rate() {
  local name="$1" prefix="$2" ca="${3:-}" port
  port=$(free_port)
  {
    echo "modules:"
    echo "  probe_2xx:"
    echo "    prober: http"
    echo "    timeout: 5s"
    echo "    http:"
    echo "      valid_status_codes: [200]"
    [ -n "$ca" ] && printf '      tls_config:\n        ca_file: %s\n' "$ca"
  } >"$OUT/$name.yml"
  prometheus-blackbox-exporter --config.file="$OUT/$name.yml" --web.listen-address="127.0.0.1:$port" >"$OUT/$name.log" 2>&1 &
  BB_PID=$!
  BB_PORT=$port
  PIDS+=($BB_PID)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/metrics" >/dev/null 2>&1 && break; sleep 0.05; done
  curl -fs "http://127.0.0.1:$port/probe?module=probe_2xx&target=$prefix/p1" | grep -q '^probe_success 1' \
    || { echo "blackbox_exporter does not probe $prefix successfully" >&2; exit 1; }
  cat >"$OUT/$name.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/probe?module=probe_2xx&target=$prefix/p" .. ((n % $CHECKS) + 1))
end
LUA
  BB_NAME=$name
  blackbox_again
}

# blackbox_again [SECONDS]: wrk on the blackbox_exporter blackbox_rate started, again (default 10 s) -> sets BB_RATE
blackbox_again() {
  wrk -t2 -c"$CONCURRENCY" -d"${1:-10}"s -s "$OUT/$BB_NAME.lua" "http://127.0.0.1:$BB_PORT" >"$OUT/$BB_NAME-wrk.txt"
  BB_RATE=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/$BB_NAME-wrk.txt")
}

# close_rate NAME BASE-URL [SECONDS]: wrk -c$CONCURRENCY for 10 s (or SECONDS) on BASE-URL/p1..p$CHECKS with "Connection: close" (a new
# connection per request) -> sets CLOSE_RATE (requests/s)
close_rate() {
  local name="$1" base="$2" seconds="${3:-10}"
  cat >"$OUT/$name.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/p" .. ((n % $CHECKS) + 1), { ["Connection"] = "close" })
end
LUA
  wrk -t2 -c"$CONCURRENCY" -d"$seconds"s -s "$OUT/$name.lua" "$base" >"$OUT/$name-wrk.txt"
  CLOSE_RATE=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/$name-wrk.txt")
}
