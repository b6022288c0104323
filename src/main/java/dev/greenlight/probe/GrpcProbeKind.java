package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import java.util.Optional;

/** {@code grpc: "host:port"} or {@code grpc: {address, service}}: gRPC's health check over HTTP/2 without TLS. */
public final class GrpcProbeKind implements ProbeKind {

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'grpc' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new GrpcProbe(Endpoint.parse(options, what, 0), "");
        }
        Fields f = Fields.of(options, what, "address", "service");
        return new GrpcProbe(Endpoint.parse(f.required("address"), "'address' of " + what, 0), f.string("service").orElse(""));
    }
}
