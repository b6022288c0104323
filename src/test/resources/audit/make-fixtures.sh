#!/usr/bin/env bash
# Makes the audit fixtures by running the real tools on tiny projects that show each lie (and on clean ones):
# pytest + pytest-asyncio from Debian (python3-pytest python3-pytest-asyncio), node's own test runner (Node 20),
# and Maven Surefire. Run it again to refresh them; the outputs are committed beside it in fixtures/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/fixtures"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
PY=/usr/bin/python3

pytest_run() { # NAME: runs pytest in $work/NAME, writes NAME.xml (junit) and NAME.log (terminal)
  local name="$1"
  (cd "$work/$name" && $PY -m pytest -p no:cacheprovider -o junit_family=xunit2 -o junit_logging=all --junitxml="$out/$name.xml" -rA . \
     >"$out/$name.log" 2>&1 || true)
  sed -i "s#$work#/tmp/audit-fixtures#g; s#$out#fixtures#g" "$out/$name.xml" "$out/$name.log"   # no machine paths
}

# 1. a test file that collects nothing (a typo in the function name): "collected 0 items", exit 5
mkdir -p "$work/pytest-collected-0"
cat >"$work/pytest-collected-0/test_login.py" <<'PY'
def tset_login_works():  # misspelt: pytest does not collect it
    assert True
PY
pytest_run pytest-collected-0

# 2. a test module that fails at import: a collection error, nothing of it runs
mkdir -p "$work/pytest-import-error"
cat >"$work/pytest-import-error/test_agent.py" <<'PY'
import chat_client_that_is_not_installed  # noqa: F401

def test_agent_answers():
    assert True
PY
cat >"$work/pytest-import-error/test_health.py" <<'PY'
def test_health_is_green():
    assert 1 + 1 == 2
PY
pytest_run pytest-import-error

# 3. async tests that never ran their body: a coroutine called without await, and an async test pytest skips
mkdir -p "$work/pytest-never-awaited"
cat >"$work/pytest-never-awaited/test_events.py" <<'PY'
import asyncio

async def send_message(text):
    await asyncio.sleep(0.01)
    raise RuntimeError("the agent pipeline is down")

def test_send_message():
    send_message("ping")  # never awaited: the failure never happens

async def test_agent_completed():  # no asyncio marker in strict mode: skipped, never run
    await send_message("ping")
PY
pytest_run pytest-never-awaited

# 3b. a test that passes while the code under test swallowed an exception (printed, not raised)
mkdir -p "$work/pytest-swallowed"
cat >"$work/pytest-swallowed/test_token.py" <<'PY'
import traceback

def fetch_token():
    try:
        raise ConnectionError("auth.staging.example.com: connection refused")
    except ConnectionError:
        traceback.print_exc()  # swallowed: the caller gets None and carries on
        return None

def test_login_flow():
    fetch_token()
    assert True
PY
pytest_run pytest-swallowed

# 4. an end-to-end suite that falls back to a mock when the real service is down, and passes in no time
mkdir -p "$work/pytest-e2e-mock/tests/e2e"
touch "$work/pytest-e2e-mock/tests/__init__.py" "$work/pytest-e2e-mock/tests/e2e/__init__.py"
cat >"$work/pytest-e2e-mock/tests/e2e/test_chat_e2e.py" <<'PY'
import socket

def connect():
    try:
        return socket.create_connection(("127.0.0.1", 9), timeout=0.05)
    except OSError:
        print("real backend unreachable, falling back to mock client")
        return None

def test_login():
    connect()
    assert True

def test_websocket_events():
    connect()
    assert True

def test_agent_completed():
    connect()
    assert True
PY
pytest_run pytest-e2e-mock

# 5. an end-to-end suite skipped whole because its variable is missing
mkdir -p "$work/pytest-e2e-skipped/tests/e2e"
touch "$work/pytest-e2e-skipped/tests/__init__.py" "$work/pytest-e2e-skipped/tests/e2e/__init__.py"
cat >"$work/pytest-e2e-skipped/tests/e2e/test_staging_e2e.py" <<'PY'
import os
import pytest

pytestmark = pytest.mark.skipif(not os.environ.get("E2E_BASE_URL"), reason="E2E_BASE_URL is not set")

def test_login():
    assert True

def test_send_message():
    assert True
PY
pytest_run pytest-e2e-skipped

# 6. clean: unit tests, and an end-to-end suite that really talks to a local HTTP server
mkdir -p "$work/pytest-clean/tests/e2e"
touch "$work/pytest-clean/tests/__init__.py" "$work/pytest-clean/tests/e2e/__init__.py"
cat >"$work/pytest-clean/tests/test_units.py" <<'PY'
def test_adds():
    assert 1 + 1 == 2

def test_joins():
    assert "-".join(["a", "b"]) == "a-b"
PY
cat >"$work/pytest-clean/tests/e2e/test_health_e2e.py" <<'PY'
import http.server, threading, time, urllib.request

class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.3)  # a real round trip through a real server
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"status": "healthy"}')
    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Slow)
threading.Thread(target=server.serve_forever, daemon=True).start()
URL = f"http://127.0.0.1:{server.server_address[1]}/health"

def test_health_answers():
    assert urllib.request.urlopen(URL).status == 200

def test_health_says_healthy():
    assert b"healthy" in urllib.request.urlopen(URL).read()

def test_health_twice():
    assert urllib.request.urlopen(URL).status == 200
    assert urllib.request.urlopen(URL).status == 200
PY
pytest_run pytest-clean

# 6b. pytest-rerunfailures: a test that fails once and passes on its rerun
mkdir -p "$work/pytest-flaky"
cat >"$work/pytest-flaky/test_stream.py" <<'PY'
import os, tempfile

MARKER = os.path.join(tempfile.gettempdir(), "greenlight-fixture-flaky-%d" % os.getppid())

def test_events_arrive_in_order():
    if not os.path.exists(MARKER):
        open(MARKER, "w").close()
        assert False, "events arrived out of order (a race)"
    os.remove(MARKER)
PY
(cd "$work/pytest-flaky" && $PY -m pytest -p no:cacheprovider -o junit_family=xunit2 --reruns 2 -rA \
   --junitxml="$out/pytest-flaky.xml" . >"$out/pytest-flaky.log" 2>&1 || true)
# its JUnit XML keeps only the final pass: the rerun is in the terminal log alone
sed -i "s#$work#/tmp/audit-fixtures#g; s#$out#fixtures#g" "$out/pytest-flaky.xml" "$out/pytest-flaky.log"

# 7. node's own test runner, junit reporter: a clean file, and one whose async test leaks a rejection
mkdir -p "$work/node"
cat >"$work/node/clean.test.mjs" <<'JS'
import { test } from 'node:test';
import assert from 'node:assert';
test('adds', () => assert.strictEqual(1 + 1, 2));
test('waits for a timer', async () => { await new Promise(r => setTimeout(r, 20)); assert.ok(true); });
JS
cat >"$work/node/empty.test.mjs" <<'JS'
// every test of this file was deleted by a refactoring; the file still "passes"
JS
(cd "$work/node" && node --test --test-reporter=junit --test-reporter-destination="$out/node-clean.xml" clean.test.mjs >/dev/null 2>&1 || true)
(cd "$work/node" && node --test --test-reporter=junit --test-reporter-destination="$out/node-empty.xml" empty.test.mjs >/dev/null 2>&1 || true)
sed -i "s#$work#/tmp/audit-fixtures#g" "$out/node-clean.xml" "$out/node-empty.xml"

# 7b. jest with jest-junit (from npm): a clean unit suite, and an e2e suite that falls back to a mock
if command -v npm >/dev/null; then
  mkdir -p "$work/jest/e2e"
  (cd "$work/jest" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund jest@29 jest-junit@16 >/dev/null 2>&1)
  cat >"$work/jest/sum.test.js" <<'JS'
test('adds', () => { expect(1 + 1).toBe(2); });
test('waits for a timer', async () => { await new Promise(r => setTimeout(r, 60)); expect(true).toBe(true); });
JS
  cat >"$work/jest/e2e/chat.e2e.test.js" <<'JS'
const net = require('net');
function connect() {
  return new Promise(resolve => {
    const s = net.connect(9, '127.0.0.1');
    s.on('connect', () => resolve(s));
    s.on('error', () => { console.log('backend unreachable, falling back to mock client'); resolve(null); });
  });
}
describe('chat e2e', () => {
  test('logs in', async () => { await connect(); expect(true).toBe(true); });
  test('receives agent events', async () => { await connect(); expect(true).toBe(true); });
});
JS
  (cd "$work/jest" && JEST_JUNIT_OUTPUT_FILE="$out/jest-clean.xml" JEST_JUNIT_INCLUDE_CONSOLE_OUTPUT=true \
     npx --no-install jest sum.test.js --ci --reporters=jest-junit >/dev/null 2>&1 || true)
  (cd "$work/jest" && JEST_JUNIT_OUTPUT_FILE="$out/jest-e2e-mock.xml" JEST_JUNIT_INCLUDE_CONSOLE_OUTPUT=true \
     npx --no-install jest e2e --ci --reporters=jest-junit >/dev/null 2>&1 || true)
  sed -i "s#$work#/tmp/audit-fixtures#g" "$out/jest-clean.xml" "$out/jest-e2e-mock.xml"
fi

# 8. Maven Surefire: a test that fails once and passes on rerun (flakyFailure), and a clean one
mkdir -p "$work/mvn/src/test/java/chat"
cat >"$work/mvn/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fixture</groupId><artifactId>flaky</artifactId><version>1</version>
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope></dependency></dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
  </plugins></build>
</project>
POM
cat >"$work/mvn/src/test/java/chat/ChatTest.java" <<'JAVA'
package chat;

import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChatTest {
    @Test
    void sendsAMessage() {
        assertTrue(true);
    }

    @Test
    void receivesEventsInOrder() throws Exception {
        Path marker = Path.of("target", "ran-once");
        boolean first = !Files.exists(marker);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "x");
        assertTrue(!first, "events arrived out of order (a race)");
    }
}
JAVA
(cd "$work/mvn" && mvn -B -q test -Dsurefire.rerunFailingTestsCount=2 >/dev/null 2>&1 || true)
cp "$work/mvn/target/surefire-reports/TEST-chat.ChatTest.xml" "$out/surefire-flaky.xml"
sed -i "s#$work#/tmp/audit-fixtures#g; s#$HOME#/home/ci#g" "$out/surefire-flaky.xml"
# 9. TAP: node's test runner (--test-reporter=tap) on an end-to-end file that falls back to a mock and skips what needs
# staging, and a run killed mid-way (no plan at its end); bats (Debian's package) on a clean file, a file whose setup skips every test, and a run killed mid-way (its plan
# says 3, one result came); Perl's Test::More bailing out when its database is unreachable
mkdir -p "$work/tap"
cat >"$work/tap/chat-e2e.test.mjs" <<'JS'
import { test, describe } from 'node:test';
import assert from 'node:assert';
describe('chat e2e', () => {
  test('sends a message', () => { console.log('staging unreachable, falling back to mock client'); assert.ok(true); });
  test('receives the agent events', { skip: 'STAGING_URL not set' }, () => {});
});
JS
cat >"$work/tap/clean.bats" <<'BATS'
@test "adds" { [ "$((1 + 1))" -eq 2 ]; }
@test "greets" { sleep 0.1; [ "$(echo hi)" = hi ]; }
BATS
cat >"$work/tap/skipped.bats" <<'BATS'
setup() { [ -n "${STAGING_URL:-}" ] || skip "STAGING_URL not set"; }
@test "login works" { true; }
@test "chat works" { true; }
BATS
cat >"$work/tap/died.bats" <<'BATS'
@test "health is green" { true; }
@test "agent answers" { sleep 30; }
@test "events arrive" { true; }
BATS
cat >"$work/tap/slow.test.mjs" <<'JS'
import { test } from 'node:test';
test('fast', () => {});
test('slow', async () => { await new Promise(r => setTimeout(r, 30000)); });
JS
cat >"$work/tap/migrate.t" <<'PERL'
use Test::More tests => 3;
ok(1, 'schema migrated');
BAIL_OUT('database unreachable');
PERL
(cd "$work/tap" && node --test --test-reporter=tap chat-e2e.test.mjs >"$out/node-e2e.tap" 2>/dev/null || true)
(cd "$work/tap" && env -u STAGING_URL bats --tap clean.bats >"$out/bats-clean.tap" 2>/dev/null || true)
(cd "$work/tap" && env -u STAGING_URL bats --tap skipped.bats >"$out/bats-skipped.tap" 2>/dev/null || true)
(cd "$work/tap" && timeout -s KILL 3 bats --tap died.bats >"$out/bats-died.tap" 2>/dev/null || true)
(cd "$work/tap" && timeout -s KILL 3 node --test --test-reporter=tap slow.test.mjs >"$out/node-killed.tap" 2>/dev/null || true)
(cd "$work/tap" && perl migrate.t >"$out/perl-bail-out.tap" 2>/dev/null || true)

# 10. go test -json (Debian's golang-go): a clean package beside one without test files, a -run filter that matches no
# test ("no tests to run", exit 0), an end-to-end package whose client falls back to a mock, and a package whose test
# does not build (Go 1.19 writes the failure as text among the events; stderr kept with stdout)
export GOCACHE="$work/gocache" GOPATH="$work/gopath" GOFLAGS=-mod=mod
mkdir -p "$work/go/shop/e2e" "$work/go/shop/cart" "$work/go/shop/cmd" "$work/go/broken"
printf 'module example.com/shop\n\ngo 1.19\n' >"$work/go/shop/go.mod"
cat >"$work/go/shop/cart/cart.go" <<'GO'
package cart

func Total(prices ...int) int {
	sum := 0
	for _, p := range prices {
		sum += p
	}
	return sum
}
GO
cat >"$work/go/shop/cart/cart_test.go" <<'GO'
package cart

import "testing"

func TestTotal(t *testing.T) {
	if Total(1, 2) != 3 {
		t.Fatal("wrong total")
	}
}

func TestEmptyTotal(t *testing.T) {
	if Total() != 0 {
		t.Fatal("wrong total")
	}
}
GO
printf 'package main\n\nfunc main() {}\n' >"$work/go/shop/cmd/main.go"
cat >"$work/go/shop/e2e/e2e_test.go" <<'GO'
package e2e

import (
	"net/http"
	"os"
	"testing"
)

// the checkout flow against staging; without it, a mock client answers
func client(t *testing.T) func(string) int {
	url := os.Getenv("STAGING_URL")
	if url == "" {
		t.Log("staging unreachable, falling back to mock client")
		return func(string) int { return 200 }
	}
	return func(path string) int {
		r, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		return r.StatusCode
	}
}

func TestCheckout(t *testing.T) {
	get := client(t)
	t.Run("cart", func(t *testing.T) {
		if get("/cart") != 200 {
			t.Fatal("cart")
		}
	})
	t.Run("pay", func(t *testing.T) {
		if get("/pay") != 200 {
			t.Fatal("pay")
		}
	})
}
GO
printf 'module example.com/broken\n\ngo 1.19\n' >"$work/go/broken/go.mod"
printf 'package broken\n\nfunc F() int { return 1 }\n' >"$work/go/broken/broken.go"
cat >"$work/go/broken/broken_test.go" <<'GO'
package broken

import "testing"

func TestF(t *testing.T) {
	if F() != Expected {
		t.Fatal("wrong")
	}
}
GO
(cd "$work/go/shop" && go test -json ./cart/... ./cmd/... >"$out/go-clean.json" || true)
(cd "$work/go/shop" && env -u STAGING_URL go test -json ./e2e/... >"$out/go-e2e-mock.json" || true)
(cd "$work/go/shop" && go test -json -run 'TestTotl' ./cart/... >"$out/go-no-tests-to-run.json" || true)
(cd "$work/go/broken" && go test -json ./... >"$out/go-build-failed.json" 2>&1 || true)
sed -i "s#$work#/tmp/audit-fixtures#g" "$out"/go-*.json

ls -la "$out"
