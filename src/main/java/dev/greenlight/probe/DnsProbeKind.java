package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.config.Values;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dns: api.example.com} or {@code dns: {name, type, resolver, addresses}}: resolves a name
 * through the system's resolvers or a given one ({@code resolver: "10.0.0.2:53"}), telling NXDOMAIN
 * from a resolver that fails or does not answer; {@code addresses} are the answers expected.
 */
public final class DnsProbeKind implements ProbeKind {

    private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV");

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'dns' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new DnsProbe(Values.string(options, what), "A", null, Set.of());
        }
        Fields f = Fields.of(options, what, "name", "type", "resolver", "addresses");
        String type = f.string("type").orElse("A").toUpperCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ConfigException(f.node("type").get().location(), "'type' of " + what + " must be one of "
                    + String.join(", ", TYPES.stream().sorted().toList()) + ", got '" + type + "'");
        }
        Endpoint resolver = f.has("resolver") ? Endpoint.parse(f.required("resolver"), "'resolver' of " + what, 53) : null;
        return new DnsProbe(f.requiredString("name"), type, resolver, Set.copyOf(f.strings("addresses")));
    }
}
