package dev.greenlight.probe;

import java.time.Duration;

/**
 * Where the time of one probe went. A phase that did not happen (no TLS on http://) is null.
 * {@code firstByte} and {@code total} count from the start of the probe.
 */
public record Timings(Duration dns, Duration connect, Duration tls, Duration firstByte, Duration total) {

    /** The stages of one HTTP exchange, timed by the wire, ended at {@code end} (System.nanoTime). */
    static Timings of(dev.greenlight.probe.wire.HttpWire.Stamps stamps, long end) {
        return new Timings(stamps.dns(), stamps.connect(), stamps.tls(), stamps.firstByte(), stamps.since(end));
    }

    public static Timings total(Duration total) {
        return new Timings(null, null, null, null, total);
    }
}
