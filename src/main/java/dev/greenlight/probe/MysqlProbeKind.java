package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import java.util.Optional;

/**
 * {@code mysql: "host:3306"} or {@code mysql: {address}}: a MySQL or MariaDB server's greeting, without a login.
 * {@code mysql: {address, database, user, password, query}}: a real login and a query ({@code SELECT 1} by default).
 */
public final class MysqlProbeKind implements ProbeKind {

    static final int DEFAULT_PORT = 3306;

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'mysql' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new MysqlProbe(Endpoint.parse(options, what, DEFAULT_PORT), null, MysqlQuery.Tls.CLEAR);
        }
        Fields f = Fields.of(options, what, "address", "database", "user", "password", "query", "writable", "tls", "insecure", "ca_file",
                "client_cert", "client_key");
        DatabaseLogin login = DatabaseLogin.of(f, what, null);
        MysqlQuery.Tls tls = MysqlQuery.Tls.of(f, what);
        if (tls != MysqlQuery.Tls.CLEAR && login == null) {
            throw new ConfigException(f.keyLocation("tls"), what + " has 'tls' but no 'user': the greeting is read in the "
                    + "clear; give a user to log in over TLS");
        }
        return new MysqlProbe(Endpoint.parse(f.required("address"), "'address' of " + what, DEFAULT_PORT), login, tls);
    }
}
