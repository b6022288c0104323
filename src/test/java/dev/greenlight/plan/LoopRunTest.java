package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.wire.HttpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain-HTTP checks wait for their answers on the I/O loop, not on a thread each: a real server on
 * loopback counts how many requests it holds at once while the run counts the threads it started.
 */
class LoopRunTest {

    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/held", this::held);
        server.createContext("/stuck", exchange -> sleep(10_000)); // answers nothing while a run would wait
        server.createContext("/moved", exchange -> { // sends the client on to /held
            exchange.getResponseHeaders().add("Location", "/held?" + exchange.getRequestURI().getQuery());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/flaky", exchange -> { // 503 at once the first time a path is asked for, then held
            if (hits.computeIfAbsent(exchange.getRequestURI().toString(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                answer(exchange, 503);
            } else {
                held(exchange);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers 200 after 300 ms, counting the requests held at once. */
    private void held(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            sleep(300);
        } finally {
            inFlight.decrementAndGet();
        }
        answer(exchange, 200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        byte[] body = "{\"status\": \"UP\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private Plan plan(String path, int count, String options, HttpTransport transport) throws Exception {
        StringBuilder yaml = new StringBuilder("concurrency: 64\nservices:\n  api:\n    checks:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("      c").append(i).append(": { http: \"http://127.0.0.1:").append(server.getAddress().getPort())
                    .append(path).append("?i=").append(i).append("\"").append(options).append(" }\n");
        }
        return new PlanBuilder(transport).build(new ConfigLoader(k -> null).parse("loop.yaml", yaml.toString()));
    }

    private static RunResult run(Plan plan, ProbeThreads threads) {
        return new PlanRunner(RunClock.system(), ProgressListener.NONE, threads).run(plan);
    }

    @Test
    void fortyChecksWaitForTheirAnswersAtOnceOnAFewThreads() throws Exception {
        Plan plan = plan("/held", 40, "", new HttpTransport());
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = run(plan, threads);

            assertThat(result.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
            assertThat(maxInFlight.get()).isEqualTo(40); // all held by the server at once...
            assertThat(threads.started()).isLessThanOrEqualTo(PlanRunner.LOOP_FINISHERS); // ...while 4 threads at most existed
        }
    }

    @Test
    void aCheckWhoseAnswerIsInIsJudgedOnTheLoopAndOneThatMustAskAgainOnAProbeThread() throws Exception {
        // each attempt is told to the progress listener on the thread that judged it
        Map<String, String> judgedOn = new ConcurrentHashMap<>();
        ProgressListener threadOfEachAttempt = new ProgressListener() {
            @Override
            public void attempted(Check check, Attempt attempt, dev.greenlight.probe.Observation observation) {
                judgedOn.put(check.name() + "#" + attempt.number(), Thread.currentThread().getName());
            }
        };
        int port = server.getAddress().getPort();
        Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("where.yaml", """
                services:
                  api:
                    checks:
                      plain: { http: "http://127.0.0.1:%d/held?i=1" }
                      failing: { http: "http://127.0.0.1:%d/flaky?i=2" }
                      retried: { http: "http://127.0.0.1:%d/flaky?i=3", retries: 1 }
                      redirected: { http: "http://127.0.0.1:%d/moved?i=4" }
                      confirmed: { http: "http://127.0.0.1:%d/held?i=5", confirm: 1 }
                """.formatted(port, port, port, port, port)));
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = new PlanRunner(RunClock.system(), threadOfEachAttempt, threads).run(plan);

            assertThat(result.checks()).extracting(c -> c.check().name() + " " + c.status()).containsExactlyInAnyOrder(
                    "plain PASS", "failing FAIL", "retried PASS", "redirected PASS", "confirmed PASS");
            // over with the answer: judged where it came, the I/O loop
            assertThat(judgedOn).hasEntrySatisfying("plain#1", loop()).hasEntrySatisfying("failing#1", loop())
                    .hasEntrySatisfying("retried#1", loop()).hasEntrySatisfying("confirmed#1", loop());
            // asking again (a retry, a confirmation, a redirect to follow) waits: on a probe thread, never on the loop
            assertThat(judgedOn).hasEntrySatisfying("retried#2", probeThread()).hasEntrySatisfying("confirmed#2", probeThread())
                    .hasEntrySatisfying("redirected#1", probeThread());
        }
    }

    private static java.util.function.Consumer<String> loop() {
        return name -> assertThat(name).startsWith("greenlight-io-loop-");
    }

    private static java.util.function.Consumer<String> probeThread() {
        return name -> assertThat(name).startsWith("greenlight-probe-");
    }

    @Test
    void withAThreadPerExchangeEachCheckWaitsOnAThreadOfItsOwn() throws Exception {
        Plan plan = plan("/held", 40, "", new HttpTransport().threadPerExchange());
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = run(plan, threads);

            assertThat(result.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
            assertThat(maxInFlight.get()).isEqualTo(40);
            assertThat(threads.started()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void checksThatBeganOnTheLoopAndGoOnToRetryGetThreadsOfTheirOwn() throws Exception {
        // each first answer is a 503 at once; the retries, on threads, are held 300 ms: all ten at once, not four by four
        Plan plan = plan("/flaky", 10, ", retries: 1", new HttpTransport());
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = run(plan, threads);

            assertThat(result.checks()).allSatisfy(c -> {
                assertThat(c.status()).isEqualTo(CheckStatus.PASS);
                assertThat(c.timeline()).extracting(Attempt::passed).containsExactly(false, true);
            });
            assertThat(maxInFlight.get()).isEqualTo(10);
        }
    }

    @Test
    void aCheckWaitingOnTheLoopIsStoppedWhenThePhaseOutcomeIsCertainAndNeverPasses() throws Exception {
        // one check fails at once (a closed port), the bar is 100 %: the nine stuck ones are stopped after the evidence
        // window (2 s), not waited for until their 30 s timeout
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String stuck = "http://127.0.0.1:" + server.getAddress().getPort() + "/stuck?i=";
        StringBuilder yaml = new StringBuilder("""
                services:
                  api:
                    checks:
                      refused: { http: "http://127.0.0.1:%d/", critical: true }
                """.formatted(closed));
        for (int i = 0; i < 9; i++) {
            yaml.append("      stuck").append(i).append(": { http: \"").append(stuck).append(i).append("\", timeout: 30s }\n");
        }
        yaml.append("phases:\n  - { name: all, checks: [api], min_pass_rate: 100% }\n");
        Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("stop.yaml", yaml.toString()));
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = run(plan, threads);

            assertThat(result.verdict()).isEqualTo(Verdict.NO_GO);
            assertThat(result.duration()).isLessThan(java.time.Duration.ofSeconds(20)); // not the 30 s timeout
            assertThat(result.checks()).filteredOn(c -> c.check().name().startsWith("stuck")).hasSize(9)
                    .allSatisfy(c -> {
                        assertThat(c.status()).isNotEqualTo(CheckStatus.PASS);
                        assertThat(c.signature()).isEqualTo(FailureSignature.CANCELLED);
                    });
        }
    }

    @Test
    void checksWhoseTurnComesAfterTheOutcomeIsCertainAreSkippedWithoutAProbe() throws Exception {
        // one at a time: a critical check fails first, the evidence window (2 s) lets a few 300 ms checks run, the rest
        // are never begun on the loop: SKIPPED, nothing in their timeline, and the server never saw them
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        StringBuilder yaml = new StringBuilder("""
                concurrency: 1
                services:
                  api:
                    checks:
                      refused: { http: "http://127.0.0.1:%d/", critical: true }
                """.formatted(closed));
        for (int i = 0; i < 20; i++) {
            yaml.append("      held").append(i).append(": { http: \"http://127.0.0.1:").append(server.getAddress().getPort())
                    .append("/held?i=").append(i).append("\" }\n");
        }
        Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("turns.yaml", yaml.toString()));
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = run(plan, threads);

            java.util.List<CheckResult> skipped = result.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED).toList();
            java.util.List<CheckResult> neverBegun = skipped.stream().filter(c -> c.timeline().isEmpty()).toList();
            assertThat(result.verdict()).isEqualTo(Verdict.NO_GO);
            assertThat(neverBegun).isNotEmpty().allSatisfy(c -> assertThat(c.signature()).isEqualTo(FailureSignature.CANCELLED));
            // at most the one in flight when the window closed was stopped mid-probe
            assertThat(skipped.size() - neverBegun.size()).isLessThanOrEqualTo(1);
            assertThat(skipped).filteredOn(c -> !c.timeline().isEmpty())
                    .allSatisfy(c -> assertThat(c.timeline()).extracting(Attempt::signature).containsExactly(FailureSignature.CANCELLED));
            assertThat(result.checks()).filteredOn(c -> c.status() == CheckStatus.PASS).hasSize(20 - skipped.size());
            assertThat(maxInFlight.get()).isEqualTo(1);
        }
    }

    @Test
    void aNameIsLookedUpOffTheLoopAndANameNobodyResolvesIsADnsTimeout() throws Exception {
        // the tests' resolver (greenlight.dns.resolver in pom.xml) is a dead loopback port; dual.greenlight.test is in
        // the tests' hosts file (127.0.0.1 and ::1)
        Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("dns.yaml", """
                services:
                  api:
                    checks:
                      unknown: { http: "http://no-such-service.greenlight.test/health", timeout: 1s }
                      known: { http: "http://dual.greenlight.test:%d/held" }
                """.formatted(server.getAddress().getPort())));
        assertThat(plan.phases().get(0).checks()).allMatch(CheckRunner::beginsOnLoop);
        try (ProbeThreads threads = ProbeThreads.ready(1)) {
            RunResult result = run(plan, threads);

            CheckResult unknown = result.checks().get(0);
            assertThat(unknown.signature()).as(unknown.detail()).isEqualTo(FailureSignature.DNS_TIMEOUT);
            assertThat(unknown.status()).isNotEqualTo(CheckStatus.PASS);
            assertThat(result.checks().get(1).status()).isEqualTo(CheckStatus.PASS);
        }
    }

    @Test
    void webSocketsWaitForTheirEventsOnTheLoopToo() throws Exception {
        // a raw WebSocket server: accepts the upgrade, then after 300 ms sends the event {"type": "hello"}
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        java.net.Socket socket = listener.accept();
                        new Thread(() -> upgradeThenHello(socket)).start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            StringBuilder yaml = new StringBuilder("concurrency: 64\nservices:\n  chat:\n    checks:\n");
            for (int i = 0; i < 20; i++) {
                yaml.append("      ws").append(i).append(": { websocket: { url: \"ws://127.0.0.1:").append(listener.getLocalPort())
                        .append("/ws\", expect: [hello] } }\n");
            }
            Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("ws.yaml", yaml.toString()));
            try (ProbeThreads threads = ProbeThreads.ready(1)) {
                RunResult result = run(plan, threads);

                assertThat(result.checks()).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
                assertThat(maxInFlight.get()).isEqualTo(20); // all twenty upgraded and waiting at once...
                assertThat(threads.started()).isLessThanOrEqualTo(PlanRunner.LOOP_FINISHERS); // ...on 4 threads at most
            }
        }
    }

    private void upgradeThenHello(java.net.Socket socket) {
        try (socket) {
            java.io.InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String key = head.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r\n.*", "$1");
            String accept = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                sleep(300);
            } finally {
                inFlight.decrementAndGet();
            }
            byte[] hello = "{\"type\": \"hello\"}".getBytes(StandardCharsets.UTF_8);
            out.write(new byte[] {(byte) 0x81, (byte) hello.length});
            out.write(hello);
            out.flush();
            in.read(); // until the client says goodbye or closes
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // the client went away
        }
    }

    /**
     * A server that keeps each connection open after its answer (Content-Length, no close) sees every one closed by
     * the client once the run is over: the loop closes a channel after the select that lets go of it, and also when it
     * then has nothing more to do.
     */
    @Test
    void everyConnectionTheLoopIsDoneWithIsClosedEvenWhenTheServerKeepsItOpen() throws Exception {
        int checks = 20;
        java.util.concurrent.CountDownLatch closedByClient = new java.util.concurrent.CountDownLatch(checks);
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        java.net.Socket socket = listener.accept();
                        new Thread(() -> keepOpenUntilClientCloses(socket, closedByClient)).start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            StringBuilder yaml = new StringBuilder("services:\n  api:\n    checks:\n");
            for (int i = 0; i < checks; i++) {
                yaml.append("      c").append(i).append(": { http: \"http://127.0.0.1:").append(listener.getLocalPort())
                        .append("/\" }\n");
            }
            Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("open.yaml", yaml.toString()));

            RunResult result = run(plan, ProbeThreads.ready(4));

            assertThat(result.verdict()).isEqualTo(Verdict.GO);
            assertThat(closedByClient.await(5, java.util.concurrent.TimeUnit.SECONDS))
                    .as("connections the client closed: %d of %d", checks - closedByClient.getCount(), checks).isTrue();
        }
    }

    private static void keepOpenUntilClientCloses(java.net.Socket socket, java.util.concurrent.CountDownLatch closed) {
        try (socket) {
            java.io.InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            if (in.read() < 0) {
                closed.countDown();
            }
        } catch (IOException e) {
            // reset: not the orderly close this test waits for
        }
    }

    /** A request's head, up to its blank line; null when the connection closes first. */
    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
