package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.probe.wire.HttpTransport;
import java.util.Optional;

/**
 * {@code redis: "host:6379"} or {@code redis: {address, username, password, tls, ...}}: RESP PING (AUTH first with a
 * password), over TLS with {@code tls: true} (managed Redis: ElastiCache in-transit encryption, Azure Cache, Upstash).
 */
public final class RedisProbeKind implements ProbeKind {

    private final HttpTransport transport;

    public RedisProbeKind(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'redis' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new RedisProbe(Endpoint.parse(options, what, 6379), null, null, null, transport, false);
        }
        Fields f = Fields.of(options, what, "address", "username", "password", "writable", "tls", "insecure", "ca_file",
                "client_cert", "client_key");
        return new RedisProbe(Endpoint.parse(f.required("address"), "'address' of " + what, 6379),
                f.string("username").orElse(null), f.string("password").orElse(null), SocketTls.read(f, what), transport,
                f.bool("writable").orElse(false));
    }
}
