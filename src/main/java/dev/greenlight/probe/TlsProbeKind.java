package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.probe.wire.TrustedCas;
import java.util.Optional;

/**
 * {@code tls: "host:443"} or {@code tls: {address, server_name, ca_file}}: a TLS handshake, then the
 * certificate judged on its own terms: validity dates, chain trust (the JVM's trust store, or the PEM
 * {@code ca_file}), and whether it names the host.
 */
public final class TlsProbeKind implements ProbeKind {

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'tls' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            Endpoint endpoint = Endpoint.parse(options, what, 443);
            return new TlsProbe(endpoint, endpoint.host(), TrustedCas.jvmDefault(), null);
        }
        Fields f = Fields.of(options, what, "address", "server_name", "ca_file", "client_cert", "client_key");
        Endpoint endpoint = Endpoint.parse(f.required("address"), "'address' of " + what, 443);
        TrustedCas cas = HttpProbeKind.trustedCas(f, what);
        return new TlsProbe(endpoint, f.string("server_name").orElse(endpoint.host()),
                cas == null ? TrustedCas.jvmDefault() : cas.manager(), HttpProbeKind.clientIdentity(f, what));
    }
}
