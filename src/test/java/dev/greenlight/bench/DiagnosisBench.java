package dev.greenlight.bench;

import com.sun.net.httpserver.HttpServer;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.plan.RunClock;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.wire.HttpTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * bench/diagnosis.sh: random dependency graphs of 20 to 200 services, each a real HTTP server on
 * loopback whose health body reports its dependencies, with 1 to 3 independent root faults of random
 * kinds (refused, blackhole, 503, an unhealthy dependency only its body names, a stuck startup) and
 * the cascades they cause. Prints root-cause precision and recall, cascade precision, and the time the
 * diagnosis takes for 200 services.
 */
public final class DiagnosisBench {

    enum Fault { NONE, REFUSED, BLACKHOLE, HTTP_503, UNHEALTHY_DEPENDENCY, STUCK }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Random random = new Random(args.length > 1 ? Long.parseLong(args[1]) : 42);
        long truePositives = 0, predicted = 0, actual = 0, cascadesRight = 0, cascadesAll = 0;
        List<Long> diagnosisNanos200 = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            int n = trial == trials - 1 ? 200 : 20 + random.nextInt(181);
            Graph graph = Graph.random(n, random);
            try (Fleet fleet = new Fleet(graph)) {
                RunResult run = run(fleet.plan());
                long start = System.nanoTime();
                Diagnosis diagnosis = Diagnoser.diagnose(run);
                long took = System.nanoTime() - start;
                if (n >= 180) {
                    diagnosisNanos200.add(took);
                }
                Set<String> truth = graph.rootNames();
                Set<String> found = new HashSet<>();
                for (Diagnosis.RootCause root : diagnosis.rootCauses()) {
                    found.add(root.service());
                    for (Diagnosis.Cascade cascade : root.cascades()) {
                        cascadesAll++;
                        if (graph.dependsOnFault(cascade.service(), root.service())) {
                            cascadesRight++;
                        }
                    }
                }
                predicted += found.size();
                actual += truth.size();
                for (String f : found) {
                    if (truth.contains(f)) {
                        truePositives++;
                    }
                }
                if (!found.equals(truth)) {
                    System.out.println("trial " + trial + " (" + n + " services): truth " + truth + ", found " + found);
                }
            }
        }
        diagnosisNanos200.sort(Long::compare);
        System.out.printf("trials %d: root-cause precision %.4f, recall %.4f, cascade precision %.4f%n", trials,
                predicted == 0 ? 1.0 : (double) truePositives / predicted, (double) truePositives / actual,
                cascadesAll == 0 ? 1.0 : (double) cascadesRight / cascadesAll);
        if (!diagnosisNanos200.isEmpty()) {
            System.out.printf("diagnosis time, 180-200 services: median %.2f ms, max %.2f ms (goal < 50 ms)%n",
                    diagnosisNanos200.get(diagnosisNanos200.size() / 2) / 1e6,
                    diagnosisNanos200.get(diagnosisNanos200.size() - 1) / 1e6);
        }
        System.exit(0);
    }

    private static RunResult run(String yaml) throws Exception {
        Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(Map.<String, String>of()::get).parse("bench.yaml", yaml));
        return new PlanRunner(RunClock.system(), ProgressListener.NONE).run(plan);
    }

    /** Services s0..s(n-1); each depends on up to 3 lower-numbered ones; 1-3 faults, none depending on another. */
    record Graph(int size, List<List<Integer>> deps, Fault[] faults) {

        static Graph random(int n, Random random) {
            List<List<Integer>> deps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Integer> d = new ArrayList<>();
                int count = i == 0 ? 0 : random.nextInt(Math.min(3, i) + 1);
                while (d.size() < count) {
                    int j = random.nextInt(i);
                    if (!d.contains(j)) {
                        d.add(j);
                    }
                }
                deps.add(d);
            }
            Fault[] faults = new Fault[n];
            java.util.Arrays.fill(faults, Fault.NONE);
            Graph g = new Graph(n, deps, faults);
            int wanted = 1 + random.nextInt(3);
            for (int tries = 0; tries < 1000 && g.faultCount() < wanted; tries++) {
                int candidate = random.nextInt(n);
                if (faults[candidate] == Fault.NONE && !g.reachesFault(candidate) && !g.isReachedByFault(candidate)) {
                    faults[candidate] = Fault.values()[1 + random.nextInt(Fault.values().length - 1)];
                }
            }
            return g;
        }

        int faultCount() {
            return (int) java.util.Arrays.stream(faults).filter(f -> f != Fault.NONE).count();
        }

        boolean failing(int i) {
            return faults[i] != Fault.NONE || deps.get(i).stream().anyMatch(this::failing);
        }

        /** i depends (transitively) on a faulted service. */
        boolean reachesFault(int i) {
            return deps.get(i).stream().anyMatch(j -> faults[j] != Fault.NONE || reachesFault(j));
        }

        /** a faulted service depends (transitively) on i. */
        boolean isReachedByFault(int i) {
            for (int k = 0; k < size; k++) {
                if (faults[k] != Fault.NONE && dependsOn(k, i)) {
                    return true;
                }
            }
            return false;
        }

        boolean dependsOn(int from, int to) {
            return deps.get(from).stream().anyMatch(j -> j == to || dependsOn(j, to));
        }

        Set<String> rootNames() {
            Set<String> out = new HashSet<>();
            for (int i = 0; i < size; i++) {
                if (faults[i] == Fault.UNHEALTHY_DEPENDENCY) {
                    out.add("s" + i + "/warehouse");
                } else if (faults[i] != Fault.NONE) {
                    out.add("s" + i);
                }
            }
            return out;
        }

        /** The cascade {@code service} really fails because of the root {@code root}. */
        boolean dependsOnFault(String service, String root) {
            int s = Integer.parseInt(service.substring(1).split("/")[0]);
            int r = Integer.parseInt(root.substring(1).split("/")[0]);
            return s == r || dependsOn(s, r);
        }
    }

    /** One real server per service, answering as its graph position and fault say. */
    static final class Fleet implements AutoCloseable {
        private final Graph graph;
        private final List<AutoCloseable> servers = new ArrayList<>();
        private final int[] ports;

        Fleet(Graph graph) throws IOException {
            this.graph = graph;
            this.ports = new int[graph.size()];
            for (int i = 0; i < graph.size(); i++) {
                ports[i] = start(i);
            }
        }

        private int start(int i) throws IOException {
            Fault fault = graph.faults()[i];
            if (fault == Fault.REFUSED) {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    return s.getLocalPort();
                }
            }
            if (fault == Fault.BLACKHOLE) {
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                List<Socket> held = new ArrayList<>();
                Thread t = new Thread(() -> {
                    while (!silent.isClosed()) {
                        try {
                            held.add(silent.accept());
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                t.setDaemon(true);
                t.start();
                servers.add(() -> {
                    silent.close();
                    for (Socket s : held) {
                        s.close();
                    }
                });
                return silent.getLocalPort();
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/health", ex -> {
                String body = body(i);
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(graph.failing(i) ? 503 : 200, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            servers.add(() -> server.stop(0));
            return server.getAddress().getPort();
        }

        private String body(int i) {
            Fault fault = graph.faults()[i];
            if (fault == Fault.HTTP_503) {
                return "{\"status\": \"unhealthy\"}";
            }
            if (fault == Fault.STUCK) {
                return "{\"status\": \"starting\", \"startup_phase\": \"DATABASE\", \"startup_complete\": false}";
            }
            StringBuilder deps = new StringBuilder();
            for (int j : graph.deps().get(i)) {
                deps.append(deps.isEmpty() ? "" : ", ").append("\"s").append(j).append("\": {\"status\": \"")
                        .append(graph.failing(j) ? "fail" : "pass").append("\"}");
            }
            if (fault == Fault.UNHEALTHY_DEPENDENCY) {
                deps.append(deps.isEmpty() ? "" : ", ").append("\"warehouse\": {\"status\": \"fail\", \"error\": \"timeout\"}");
            }
            return "{\"status\": \"" + (graph.failing(i) ? "unhealthy" : "healthy") + "\", \"dependencies\": {" + deps + "}}";
        }

        String plan() {
            StringBuilder yaml = new StringBuilder("timeout: 500ms\nconcurrency: 256\nservices:\n");
            for (int i = 0; i < graph.size(); i++) {
                yaml.append("  s").append(i).append(":\n    url: http://127.0.0.1:").append(ports[i]).append('\n');
                if (!graph.deps().get(i).isEmpty()) {
                    yaml.append("    depends_on: [").append(String.join(", ", graph.deps().get(i).stream().map(j -> "s" + j).toList()))
                            .append("]\n");
                }
                yaml.append("    checks: { health: { http: /health, expect: [\"[STATUS] == 200\"] } }\n");
            }
            return yaml.append("phases:\n  - { name: all, checks: [")
                    .append(String.join(", ", java.util.stream.IntStream.range(0, graph.size()).mapToObj(i -> "s" + i).toList()))
                    .append("], min_pass_rate: 0% }\n").toString();
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable s : servers) {
                s.close();
            }
        }
    }
}
