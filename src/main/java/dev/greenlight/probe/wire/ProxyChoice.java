package dev.greenlight.probe.wire;

import java.net.URI;
import java.util.Optional;

/**
 * A check's {@code proxy:}: absent (the environment's proxies decide), {@code none} (always direct), or a proxy URL.
 */
public record ProxyChoice(boolean direct, Proxy via) {

    public static final ProxyChoice ENVIRONMENT = new ProxyChoice(false, null);
    public static final ProxyChoice DIRECT = new ProxyChoice(true, null);

    /** @throws IllegalArgumentException when the value is neither "none" nor a proxy URL */
    public static ProxyChoice parse(String value) {
        return value.trim().equalsIgnoreCase("none") ? DIRECT : new ProxyChoice(false, Proxy.parse(value.trim()));
    }

    Optional<Proxy> forTarget(URI target, Proxies environment) {
        if (direct) {
            return Optional.empty();
        }
        return via != null ? Optional.of(via) : environment.forTarget(target);
    }
}
