package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import java.util.Optional;

/**
 * {@code postgres: "host:5432"}: a protocol handshake that proves a PostgreSQL server answers, without
 * credentials. {@code postgres: {address, database, user, password, query}}: a real login and a query
 * ({@code SELECT 1} by default) through the JDBC driver, with its latency.
 */
public final class PostgresProbeKind implements ProbeKind {

    static final int DEFAULT_PORT = 5432;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'postgres' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new PostgresProbe(Endpoint.parse(options, what, DEFAULT_PORT), null);
        }
        Fields f = Fields.of(options, what, "address", "database", "user", "password", "query", "writable");
        return new PostgresProbe(Endpoint.parse(f.required("address"), "'address' of " + what, DEFAULT_PORT),
                DatabaseLogin.of(f, what, "postgres"));
    }
}
