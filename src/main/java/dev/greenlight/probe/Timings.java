package dev.greenlight.probe;

import java.time.Duration;

/**
 * Where the time of one probe went. A phase that did not happen (no TLS on http://) is null.
 * {@code firstByte} and {@code total} count from the start of the probe.
 */
public record Timings(Duration dns, Duration connect, Duration tls, Duration firstByte, Duration total) {

    public static Timings total(Duration total) {
        return new Timings(null, null, null, null, total);
    }
}
