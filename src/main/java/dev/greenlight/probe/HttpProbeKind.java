package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpSpec;
import dev.greenlight.probe.wire.ProxyChoice;
import dev.greenlight.probe.wire.ClientIdentity;
import dev.greenlight.probe.wire.TlsOptions;
import dev.greenlight.probe.wire.TrustedCas;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.config.Values;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code http: /health} (relative to the service's url) or {@code http: {url|path, method, headers,
 * body, follow_redirects, max_redirects, max_body, insecure}}.
 */
public final class HttpProbeKind implements ProbeKind {

    static final int DEFAULT_MAX_REDIRECTS = 5;
    static final long DEFAULT_MAX_BODY = 1024 * 1024;
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final java.util.regex.Pattern HAS_SCHEME = java.util.regex.Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://.*");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final HttpTransport transport;

    public HttpProbeKind(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'http' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            String target = Values.string(options, what);
            return new HttpProbe(transport, new HttpSpec(resolve(target, serviceUrl, options, what), "GET", Map.of(), null, true, DEFAULT_MAX_REDIRECTS,
                    DEFAULT_MAX_BODY, false));
        }
        Fields f = Fields.of(options, what, "url", "path", "method", "headers", "body", "follow_redirects",
                "max_redirects", "max_body", "insecure", "proxy", "compressed", "ca_file", "client_cert", "client_key");
        if (f.has("url") == f.has("path")) {
            throw new ConfigException(f.location(), what + " needs exactly one of 'url' or 'path'");
        }
        String target = f.has("url") ? f.requiredString("url") : f.requiredString("path");
        URI url = resolve(target, serviceUrl, f.required(f.has("url") ? "url" : "path"), what);
        String method = f.string("method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ConfigException(f.node("method").get().location(), "'method' of " + what + " must be one of "
                    + String.join(", ", METHODS.stream().sorted().toList()) + ", got '" + method + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (f.has("headers")) {
            Fields h = Fields.of(f.required("headers"), "'headers' of " + what);
            for (Map.Entry<String, Node> e : h.values().entrySet()) {
                if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                    throw new ConfigException(h.keyLocation(e.getKey()), "header name '" + e.getKey() + "' of " + what
                            + " is not a valid HTTP header name");
                }
                headers.put(e.getKey(), Values.string(e.getValue(), "header '" + e.getKey() + "' of " + what));
            }
        }
        long maxBody = f.has("max_body") ? Sizes.parse(f.required("max_body"), "'max_body' of " + what) : DEFAULT_MAX_BODY;
        return new HttpProbe(transport, new HttpSpec(url, method, headers, f.string("body").orElse(null),
                f.bool("follow_redirects").orElse(true), f.integer("max_redirects", 0, 50).orElse(DEFAULT_MAX_REDIRECTS),
                maxBody, tlsOptions(f, what), proxy(f, what), f.bool("compressed").orElse(false)));
    }

    /** {@code insecure}, {@code ca_file} and the client certificate of an https or wss check. */
    static TlsOptions tlsOptions(Fields f, String what) throws ConfigException {
        boolean insecure = f.bool("insecure").orElse(false);
        if (insecure && f.has("ca_file")) {
            throw new ConfigException(f.keyLocation("ca_file"), what + " has both 'insecure: true' and 'ca_file'; insecure "
                    + "trusts any certificate, so the CA would not be used: give one");
        }
        return new TlsOptions(insecure, trustedCas(f, what), clientIdentity(f, what));
    }

    /** {@code ca_file}: the PEM CA certificates trusted instead of the JVM's store; null when absent. */
    static TrustedCas trustedCas(Fields f, String what) throws ConfigException {
        if (!f.has("ca_file")) {
            return null;
        }
        try {
            return TrustedCas.load(f.path("ca_file"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f.required("ca_file").location(), "'ca_file' of " + what + ": " + e.getMessage()
                    + "; expected a file of PEM certificates (-----BEGIN CERTIFICATE-----)");
        }
    }

    /** {@code client_cert} and {@code client_key} (PEM files) for mutual TLS, both or neither; null when neither. */
    static ClientIdentity clientIdentity(Fields f, String what) throws ConfigException {
        if (!f.has("client_cert") && !f.has("client_key")) {
            return null;
        }
        if (f.has("client_cert") != f.has("client_key")) {
            String given = f.has("client_cert") ? "client_cert" : "client_key";
            throw new ConfigException(f.required(given).location(), what + " has '" + given + "' without '"
                    + (given.equals("client_cert") ? "client_key" : "client_cert") + "'; mutual TLS needs both");
        }
        try {
            return ClientIdentity.load(f.path("client_cert"), f.path("client_key"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f.required("client_cert").location(), "'client_cert'/'client_key' of " + what + ": "
                    + e.getMessage());
        }
    }

    /** {@code proxy: none} or {@code proxy: http://[user:password@]host:port}; absent: the environment decides. */
    static ProxyChoice proxy(Fields f, String what) throws ConfigException {
        if (!f.has("proxy")) {
            return ProxyChoice.ENVIRONMENT;
        }
        try {
            return ProxyChoice.parse(f.requiredString("proxy"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(f.required("proxy").location(), "'proxy' of " + what + ": " + e.getMessage()
                    + "; expected none or http://[user:password@]host:port");
        }
    }

    static URI resolve(String target, Optional<String> serviceUrl, Node at, String what)
            throws ConfigException {
        if (HAS_SCHEME.matcher(target).matches()) {
            return httpUrl(target, at, what + " must be an http:// or https:// URL with a host, got '" + target + "'");
        }
        if (serviceUrl.isEmpty()) {
            throw new ConfigException(at.location(), what + " is the relative path '" + target
                    + "' but its service has no 'url'; give the service a url or write a full URL");
        }
        URI base = httpUrl(toHttp(serviceUrl.get()), at, "the service url '" + serviceUrl.get() + "' used by " + what
                + " is not an http(s) URL with a host");
        try {
            return base.resolve(target);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at.location(), what + " '" + target + "' is not a valid path");
        }
    }

    private static URI httpUrl(String text, Node at, String problem) throws ConfigException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(at.location(), problem);
    }

    /** A service whose url is ws:// or wss:// (a WebSocket endpoint) answers http(s) on the same host. */
    private static String toHttp(String url) {
        return url.replaceFirst("(?i)^ws://", "http://").replaceFirst("(?i)^wss://", "https://");
    }
}
