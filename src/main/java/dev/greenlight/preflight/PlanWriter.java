package dev.greenlight.preflight;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code greenlight init}: a starter greenlight.yaml from the deployment model. Databases and caches (by image)
 * get reachability checks, every other service an HTTP health check on the path its manifests probe (else
 * {@code /health}); addresses come from variables ({@code AUTH_URL}) with the port the platform sends to as the
 * local default; phases infrastructure, then application. Comments say what came from which file. No value
 * of any variable is written, so no secret can be.
 */
public final class PlanWriter {

    private PlanWriter() {
    }

    public static String yaml(DeploymentModel model, String environment) {
        StringBuilder out = new StringBuilder();
        out.append("# Written by `greenlight init` from ").append(model.filesRead().size())
                .append(" deployment files. Check the addresses: set the *_URL / *_ADDRESS variables, or edit the defaults.\n")
                .append("# In CI, verify refuses a default on this machine (127.0.0.1) while its variable is unset: set them there.\n");
        out.append("environment: ").append(environment).append('\n');
        out.append("settle: 2m                      # how long services may take to become ready after the deploy\n");
        out.append("services:\n");
        List<String> infrastructure = new ArrayList<>();
        List<String> application = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        model.services().forEach(s -> names.add(s.name()));
        for (DeploymentModel.Service s : model.services()) {
            String kind = kind(s);
            String var = s.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            out.append("  ").append(s.name()).append(":\n");
            if (kind.equals("pooler")) {
                // a pooler answers a startup itself, database up or not: only a login's query reaches the server
                int port = platformPort(s).orElse(6432);
                out.append("    # ").append(String.join(", ", s.images())).append(": a PostgreSQL connection pooler, which answers "
                        + "for the database up or not:\n    # the check logs in, and its query goes through the pooler to the "
                        + "server (set the variables)\n");
                out.append("    checks:\n      reachable: { postgres: { address: \"${").append(var).append("_ADDRESS:-127.0.0.1:")
                        .append(port).append("}\", database: \"${").append(var).append("_DATABASE:-postgres}\", user: \"${")
                        .append(var).append("_USER:-postgres}\", password: \"${").append(var).append("_PASSWORD:-}\", query: "
                        + "\"SELECT 1\" } }\n");
                infrastructure.add(s.name() + ".reachable");
                continue;
            }
            if (!kind.equals("http")) {
                int port = kind.equals("postgres") ? 5432 : kind.equals("redis") ? 6379 : kind.equals("mysql") ? 3306
                        : platformPort(s).orElse(wellKnownPort(String.join(" ", s.images())));
                out.append("    # ").append(String.join(", ", s.images())).append(": a ").append(kind).append(" server\n");
                out.append("    checks:\n      reachable: { ").append(kind.equals("tcp") ? "tcp" : kind).append(": \"${")
                        .append(var).append("_ADDRESS:-127.0.0.1:").append(port).append("}\" }\n");
                infrastructure.add(s.name() + ".reachable");
                continue;
            }
            int port = platformPort(s).orElse(8080);
            out.append("    # ").append(origin(s, port)).append('\n');
            out.append("    url: \"${").append(var).append("_URL:-http://127.0.0.1:").append(port).append("}\"\n");
            out.append("    # expected_version: ${GIT_SHA}   # the release this deploy rolls out: the previous one answering is not GO\n");
            List<String> deps = new ArrayList<>(s.dependsOn().stream().filter(names::contains).distinct().toList());
            List<String> viaEnv = pointsAt(s, names);
            viaEnv.stream().filter(d -> !deps.contains(d)).forEach(deps::add);
            if (!deps.isEmpty()) {
                out.append("    depends_on: [").append(String.join(", ", deps)).append("]   # ")
                        .append(viaEnv.isEmpty() ? "compose depends_on" : "compose depends_on and variables naming them ("
                                + String.join(", ", s.env().stream().filter(e -> e.value() != null && viaEnv.stream()
                                .anyMatch(v -> host(e.value()).equals(v))).map(EnvFact::name).distinct().toList()) + ")")
                        .append('\n');
            }
            // the platform's own probe first (a Kubernetes or Knative manifest), then a compose or Dockerfile health check
            Place probed = s.healthPaths().stream().filter(p -> !p.file().contains("Dockerfile") && !p.file().contains("compose"))
                    .findFirst().orElse(s.healthPaths().isEmpty() ? null : s.healthPaths().get(0));
            String path = probed == null ? "/health" : probed.text();
            out.append("    checks:\n      health: { http: ").append(yamlScalar(path))
                    .append(", expect: [\"[STATUS] == 200\"] }");
            out.append(probed == null ? "   # no probe path in the manifests: /health assumed\n"
                    : "   # the path " + probed.file() + ":" + probed.line() + " probes\n");
            application.add(s.name() + ".health");
        }
        out.append("phases:\n");
        if (!infrastructure.isEmpty()) {
            out.append("  - { name: infrastructure, checks: [").append(String.join(", ", infrastructure))
                    .append("], abort_on_miss: true }\n");
        }
        if (!application.isEmpty()) {
            out.append("  - { name: application, checks: [").append(String.join(", ", application)).append("] }\n");
        }
        return out.toString();
    }

    /** Services named as the host of a variable's value (DATABASE_URL=postgres://db:5432/app, REDIS_HOST=cache). */
    private static List<String> pointsAt(DeploymentModel.Service s, Set<String> names) {
        List<String> out = new ArrayList<>();
        for (EnvFact e : s.env()) {
            if (e.value() == null || !e.name().matches("(?i).*(_URL|_URI|_HOST|_ADDR|_ADDRESS|_DSN)$")) {
                continue;
            }
            String host = host(e.value());
            if (names.contains(host) && !host.equals(s.name()) && !out.contains(host)) {
                out.add(host);
            }
        }
        return out;
    }

    /** The host of "scheme://user:pw@host:port/db", "host:port" or "host". */
    private static String host(String value) {
        String v = value.replaceFirst("^[a-z][a-z0-9+.-]*://", "").replaceFirst("^[^@/]*@", "");
        v = v.split("[:/?]")[0];
        return ServiceNames.normalize(v);
    }

    private static String kind(DeploymentModel.Service s) {
        String images = String.join(" ", s.images()).toLowerCase(Locale.ROOT);
        if (images.matches(".*\\b(pgbouncer|pgcat|odyssey|pgpool)\\b.*")) {
            return "pooler";
        }
        if (images.contains("postgres")) {
            return "postgres";
        }
        if (images.contains("redis") || images.contains("valkey") || images.contains("twemproxy") || images.contains("nutcracker")) {
            return "redis";
        }
        if (images.matches(".*\\b(mysql|mariadb|percona)\\b.*")) {
            return "mysql";
        }
        if (images.matches(".*\\b(mongo|rabbitmq|kafka|memcached|elasticsearch|clickhouse).*")) {
            return "tcp";
        }
        return "http";
    }

    private static int wellKnownPort(String images) {
        String i = images.toLowerCase(Locale.ROOT);
        return i.contains("mongo") ? 27017 : i.contains("rabbitmq") ? 5672
                : i.contains("kafka") ? 9092 : i.contains("memcached") ? 11211 : i.contains("elasticsearch") ? 9200 : 9000;
    }

    private static Optional<Integer> platformPort(DeploymentModel.Service s) {
        return s.ports().stream().filter(p -> p.role() == PortFact.Role.PLATFORM && p.port() > 0).map(PortFact::port)
                .findFirst().or(() -> s.ports().stream().filter(p -> p.port() > 0).map(PortFact::port).findFirst());
    }

    private static String origin(DeploymentModel.Service s, int port) {
        List<String> from = new ArrayList<>();
        s.ports().stream().filter(p -> p.port() == port).map(p -> p.place().toString()).distinct().limit(3).forEach(from::add);
        return "port " + port + (from.isEmpty() ? " (assumed)" : " from " + String.join(", ", from));
    }

    /**
     * A path as a YAML value in a flow mapping: as it is when it is only letters, digits and {@code /._-~}, else
     * double-quoted ({@code /ready?full=1}, {@code /health#x}, {@code /a,b} would not read back as themselves).
     */
    static String yamlScalar(String text) {
        if (text.matches("[A-Za-z0-9/._~-]+")) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
