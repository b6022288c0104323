package dev.greenlight.condition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The samples of a check run N times ({@code samples: N}): how many were taken and passed, and each one's
 * response time, for {@code [SUCCESS_RATE]}, {@code [P50]}, {@code [P95]}, {@code [P99]}, {@code [MAX_RESPONSE_TIME]}.
 * Percentiles are nearest-rank over every sample, failed ones included (k6 does the same).
 */
public record Samples(int taken, int passed, List<Duration> times) {

    public Samples {
        times = List.copyOf(times);
    }

    public double successRatePercent() {
        return taken == 0 ? 0 : Math.round(10000.0 * passed / taken) / 100.0;
    }

    public Duration percentile(int p) {
        if (times.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public Duration max() {
        return times.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** The best case once {@code planned} samples are in: those still to come pass at once. */
    Samples completedOptimistically(int planned) {
        List<Duration> all = new ArrayList<>(times);
        for (int i = taken; i < planned; i++) {
            all.add(Duration.ZERO);
        }
        return new Samples(Math.max(planned, taken), passed + Math.max(0, planned - taken), all);
    }

    /** "20 samples, 19 passed (95%), p50 12ms, p95 40ms, p99 80ms, max 95ms". */
    public String summary() {
        return String.format(Locale.ROOT, "%d samples, %d passed (%s%%), p50 %dms, p95 %dms, p99 %dms, max %dms", taken, passed,
                java.math.BigDecimal.valueOf(successRatePercent()).stripTrailingZeros().toPlainString(),
                percentile(50).toMillis(), percentile(95).toMillis(), percentile(99).toMillis(), max().toMillis());
    }
}
