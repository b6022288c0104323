package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.config.Values;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cors: {path|url, origin, method, headers, credentials}}: an OPTIONS preflight as a browser on
 * {@code origin} would send it, and whether the answer allows the request.
 */
public final class CorsProbeKind implements ProbeKind {

    private final HttpTransport transport;

    public CorsProbeKind(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'cors' of check '" + checkId + "'";
        Fields f = Fields.of(options, what, "url", "path", "origin", "method", "headers", "credentials");
        if (f.has("url") == f.has("path")) {
            throw new ConfigException(f.location(), what + " needs exactly one of 'url' or 'path'");
        }
        Node target = f.required(f.has("url") ? "url" : "path");
        URI url = HttpProbeKind.resolve(Values.string(target, what), serviceUrl, target, what);
        String origin = f.requiredString("origin");
        if (!origin.matches("(?i)https?://[^/]+")) {
            throw new ConfigException(f.required("origin").location(), "'origin' of " + what
                    + " must be scheme://host[:port] with no path, got '" + origin + "'");
        }
        return new CorsProbe(transport, url, origin, f.string("method").orElse("GET").toUpperCase(Locale.ROOT),
                f.strings("headers"), f.bool("credentials").orElse(false));
    }
}
