package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Location;
import dev.greenlight.config.Suggest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The immutable map from probe name to protocol. An unknown name is a configuration error. */
public final class ProbeRegistry {

    private final Map<String, ProbeKind> kinds;

    public ProbeRegistry(List<ProbeKind> kinds) {
        Map<String, ProbeKind> byName = new LinkedHashMap<>();
        for (ProbeKind kind : kinds) {
            if (byName.put(kind.name(), kind) != null) {
                throw new IllegalArgumentException("two probes named " + kind.name());
            }
        }
        this.kinds = java.util.Collections.unmodifiableMap(byName);
    }

    public static ProbeRegistry standard(HttpTransport transport) {
        return new ProbeRegistry(List.of(new HttpProbeKind(transport), new TcpProbeKind(), new WebSocketProbeKind(transport),
                new PostgresProbeKind(transport), new RedisProbeKind(transport), new MysqlProbeKind(), new GrpcProbeKind(transport), new TlsProbeKind(), new CorsProbeKind(transport),
                new DnsProbeKind()));
    }

    public ProbeKind get(String name, Location where, String checkId) throws ConfigException {
        ProbeKind kind = kinds.get(name);
        if (kind == null) {
            throw new ConfigException(where, "check '" + checkId + "' uses unknown probe '" + name + "'"
                    + Suggest.didYouMean(name, kinds.keySet()) + "; known probes: " + String.join(", ", kinds.keySet()));
        }
        return kind;
    }

    public List<String> names() {
        return List.copyOf(kinds.keySet());
    }
}
