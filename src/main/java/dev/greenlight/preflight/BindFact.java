package dev.greenlight.preflight;

/**
 * How a start command or server config binds: the host, whether the port comes from {@code $PORT}, and
 * whether the command is an exec-form array (where no shell expands variables).
 */
public record BindFact(String service, String host, String portText, boolean viaVariable, boolean execForm, Place place) {

    public boolean loopback() {
        return host != null && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]"));
    }
}
