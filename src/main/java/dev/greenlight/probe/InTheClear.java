package dev.greenlight.probe;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A secret a check sends where anyone on the network path can read it: a token, a password or a cookie over plain
 * http or ws, a Redis AUTH without TLS, a database login whose TLS is not required and verified; to a host that is not
 * this machine (loopback traffic never leaves it). Decided from the plan as written, without a lookup: a name is taken
 * for what it says ({@code localhost} and {@code *.localhost} are this machine, RFC 6761; any other name is not).
 */
public final class InTheClear {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Headers that carry credentials whatever their value. */
    private static final java.util.Set<String> CREDENTIAL_HEADERS = java.util.Set.of("authorization", "proxy-authorization",
            "cookie");

    private InTheClear() {
    }

    /** Whether {@code host} (a name, an IPv4 literal or an IPv6 literal with or without brackets) is this machine. */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(h).matches() && !h.contains(":")) {
            return false; // a name: no lookup here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The credential a request's URL or headers carry: a password in the URL, a credential header, a secret's value. */
    private static String credential(URI url, Map<String, String> headers, Predicate<String> secret) {
        if (url.getUserInfo() != null && url.getUserInfo().contains(":")) {
            return "the password in its URL";
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (CREDENTIAL_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT)) || secret.test(h.getValue())) {
                return "its " + h.getKey() + " header";
            }
        }
        return null;
    }

    /** What a request carrying an auth source's token says of it. */
    static String bearer(boolean bearer) {
        return bearer ? "its bearer token" : null;
    }

    /**
     * What an HTTP or WebSocket request to {@code url} sends in the clear: empty over https/wss or to this machine.
     *
     * @param sent    the secret the request carries whatever its headers ("its bearer token"), or null
     * @param secret  whether a header's value holds a secret of the config
     */
    static Optional<String> request(URI url, Map<String, String> headers, String sent, Predicate<String> secret) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("ws")) || url.getHost() == null) {
            return Optional.empty();
        }
        String what = sent != null ? sent : credential(url, headers, secret);
        if (what == null || loopback(url.getHost())) { // the address last: most checks send no credential at all
            return Optional.empty();
        }
        String secure = scheme.equals("ws") ? "wss" : "https";
        return Optional.of(what + " goes over plain " + scheme + " to " + url.getHost() + " (" + secure + ":// encrypts it)");
    }
}
