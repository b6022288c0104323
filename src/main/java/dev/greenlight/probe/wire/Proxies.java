package dev.greenlight.probe.wire;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies of the environment, as curl reads them: {@code HTTPS_PROXY} for https and wss, {@code HTTP_PROXY}
 * for http and ws (lower-case names too, which win), and {@code NO_PROXY}: a comma-separated list of host names
 * (matching the name and its subdomains; a leading dot is allowed), IP addresses, {@code host:port}, or
 * {@code *} for every host.
 */
final class Proxies {

    static final Proxies NONE = new Proxies(null, null, List.of());

    private final Proxy http;
    private final Proxy https;
    private final List<String> noProxy;

    private Proxies(Proxy http, Proxy https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = List.copyOf(noProxy);
    }

    /** @throws IllegalArgumentException naming the variable whose value is not a proxy URL */
    static Proxies from(Map<String, String> env) {
        Proxy http = parse(env, "http_proxy");
        Proxy https = parse(env, "https_proxy");
        List<String> no = new ArrayList<>();
        String list = value(env, "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    no.add(e.startsWith(".") ? e.substring(1) : e);
                }
            }
        }
        return new Proxies(http, https, no);
    }

    Optional<Proxy> forTarget(URI target) {
        String scheme = String.valueOf(target.getScheme()).toLowerCase(Locale.ROOT);
        Proxy proxy = scheme.equals("https") || scheme.equals("wss") ? https : http;
        if (proxy == null) {
            return Optional.empty();
        }
        String host = Connector.host(target).toLowerCase(Locale.ROOT);
        int port = target.getPort() > 0 ? target.getPort() : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        for (String entry : noProxy) {
            if (bypasses(entry, host, port)) {
                return Optional.empty();
            }
        }
        return Optional.of(proxy);
    }

    private static boolean bypasses(String entry, String host, int port) {
        if (entry.equals("*")) {
            return true;
        }
        String name = entry;
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("\\d+")) {
            if (Integer.parseInt(entry.substring(colon + 1)) != port) {
                return false;
            }
            name = entry.substring(0, colon);
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return host.equals(name) || !HostNames.isIpLiteral(host) && host.endsWith("." + name);
    }

    private static Proxy parse(Map<String, String> env, String name) {
        String url = value(env, name);
        if (url == null) {
            return null;
        }
        try {
            return Proxy.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name.toUpperCase(Locale.ROOT) + ": " + e.getMessage());
        }
    }

    private static String value(Map<String, String> env, String lower) {
        String v = env.get(lower);
        if (v == null || v.isBlank()) {
            v = env.get(lower.toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }
}
