package dev.greenlight.probe;

import java.time.Clock;

/** The {@code auth.<name>} check: obtaining the token is itself observed, so a diagnosis can name it. */
public final class TokenProbe implements Probe {

    private final TokenBroker broker;
    private final String source;

    public TokenProbe(TokenBroker broker, String source) {
        this.broker = broker;
        this.source = source;
    }

    @Override
    public java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        return broker.secretInTheClear(source);
    }

    @Override
    public String target() {
        return "token of auth source '" + source + "'";
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return broker.renew(source, context.timeout()).observation();
    }
}
