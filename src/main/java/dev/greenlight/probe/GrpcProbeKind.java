package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;
import java.util.Optional;

/**
 * {@code grpc: "host:port"} or {@code grpc: {address, service, tls, insecure, ca_file, client_cert, client_key}}: gRPC's
 * health check over HTTP/2, in the clear or over TLS (with ALPN h2).
 */
public final class GrpcProbeKind implements ProbeKind {

    private final HttpTransport transport;

    public GrpcProbeKind(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'grpc' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new GrpcProbe(Endpoint.parse(options, what, 0), "", null, transport);
        }
        Fields f = Fields.of(options, what, "address", "service", "tls", "insecure", "ca_file", "client_cert", "client_key");
        TlsOptions tlsOptions = SocketTls.read(f, what);
        return new GrpcProbe(Endpoint.parse(f.required("address"), "'address' of " + what, 0), f.string("service").orElse(""),
                tlsOptions, transport);
    }
}
