package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Node;
import java.util.Optional;

/** A protocol (http, tcp, ...): reads a check's options into a ready {@link Probe}, or says what is wrong. */
public interface ProbeKind {

    String name();

    /**
     * @param options    the value under the probe's key ({@code http: /health} or a map of options)
     * @param serviceUrl the service's {@code url}, against which relative targets resolve
     */
    Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException;
}
