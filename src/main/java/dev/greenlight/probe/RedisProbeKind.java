package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import java.util.Optional;

/** {@code redis: "host:6379"} or {@code redis: {address, username, password}}: RESP PING (AUTH first with a password). */
public final class RedisProbeKind implements ProbeKind {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'redis' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new RedisProbe(Endpoint.parse(options, what, 6379), null, null);
        }
        Fields f = Fields.of(options, what, "address", "username", "password");
        return new RedisProbe(Endpoint.parse(f.required("address"), "'address' of " + what, 6379),
                f.string("username").orElse(null), f.string("password").orElse(null));
    }
}
