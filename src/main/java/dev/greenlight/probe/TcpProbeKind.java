package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Node;
import java.net.URI;
import java.util.Optional;

/** {@code tcp: host:port}, or {@code tcp: true} to connect to the host and port of the service's url. */
public final class TcpProbeKind implements ProbeKind {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'tcp' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode s && s.kind() == Node.ScalarNode.Kind.BOOLEAN) {
            if (serviceUrl.isEmpty() || !Boolean.parseBoolean(s.text())) {
                throw new ConfigException(options.location(), what + " is 'true' but its service has no 'url'; write tcp: host:port");
            }
            return fromUrl(serviceUrl.get(), options, what);
        }
        Endpoint endpoint = Endpoint.parse(options, what, 0);
        return new TcpProbe(endpoint.host(), endpoint.port());
    }

    private static Probe fromUrl(String url, Node at, String what) throws ConfigException {
        try {
            URI uri = URI.create(url);
            int port = uri.getPort();
            if (port < 0) {
                port = switch (String.valueOf(uri.getScheme()).toLowerCase()) {
                    case "https", "wss" -> 443;
                    case "http", "ws" -> 80;
                    default -> throw new ConfigException(at.location(), what + ": the service url '" + url
                            + "' has no port; write tcp: host:port");
                };
            }
            if (uri.getHost() == null) {
                throw new ConfigException(at.location(), what + ": the service url '" + url + "' has no host");
            }
            return new TcpProbe(uri.getHost(), port);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at.location(), what + ": the service url '" + url + "' is not a URL");
        }
    }
}
