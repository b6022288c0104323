package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.probe.wire.HttpTransport;
import java.util.Optional;

/**
 * {@code postgres: "host:5432"}: a protocol handshake that proves a PostgreSQL server answers, without
 * credentials. {@code postgres: {address, database, user, password, query}}: a real login and a query
 * ({@code SELECT 1} by default) through the JDBC driver, with its latency; over TLS with {@code tls: true} (and
 * {@code ca_file}, {@code insecure}, {@code client_cert}, {@code client_key}, as an https check has them).
 */
public final class PostgresProbeKind implements ProbeKind {

    static final int DEFAULT_PORT = 5432;

    private final HttpTransport transport;

    public PostgresProbeKind(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'postgres' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new PostgresProbe(Endpoint.parse(options, what, DEFAULT_PORT), null, null, transport);
        }
        Fields f = Fields.of(options, what, "address", "database", "user", "password", "query", "writable", "tls", "insecure",
                "ca_file", "client_cert", "client_key");
        return new PostgresProbe(Endpoint.parse(f.required("address"), "'address' of " + what, DEFAULT_PORT),
                DatabaseLogin.of(f, what, "postgres"), SocketTls.read(f, what), transport);
    }
}
