package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpWire;
import dev.greenlight.probe.wire.HttpSpec;
import dev.greenlight.probe.wire.HttpAnswer;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Sends a CORS preflight and says exactly what the answer fails to allow. */
final class CorsProbe implements Probe {

    private static final Set<String> SIMPLE_METHODS = Set.of("GET", "HEAD", "POST");

    private final HttpWire wire;
    private final URI url;
    private final String origin;
    private final String method;
    private final List<String> headers;
    private final boolean credentials;

    CorsProbe(HttpTransport transport, URI url, String origin, String method, List<String> headers, boolean credentials) {
        this.wire = new HttpWire(transport);
        this.url = url;
        this.origin = origin;
        this.method = method;
        this.headers = List.copyOf(headers);
        this.credentials = credentials;
    }

    @Override
    public java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        return InTheClear.request(url, java.util.Map.of(), InTheClear.bearer(bearer), secret);
    }

    @Override
    public String target() {
        return "OPTIONS " + url + " (Origin " + origin + ")";
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Map<String, String> request = new LinkedHashMap<>();
        request.put("Origin", origin);
        request.put("Access-Control-Request-Method", method);
        if (!headers.isEmpty()) {
            request.put("Access-Control-Request-Headers", String.join(", ", headers));
        }
        HttpSpec spec = new HttpSpec(url, "OPTIONS", request, null, false, 0, 64 * 1024, false);
        HttpWire.Stamps stamps = new HttpWire.Stamps(start);
        HttpAnswer answer;
        try {
            answer = wire.exchange(spec, url, "OPTIONS", false, start + context.timeout().toNanos(), context, context.bearer(), stamps, true);
        } catch (HttpWire.StageFailure failure) {
            FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED
                    : NetworkErrors.classify(failure.io(), failure.stage().compareTo(HttpWire.Stage.CONNECT) > 0);
            return Observation.failed(target(), startedAt, signature, signature.meaning() + ": " + url,
                    Timings.of(stamps, System.nanoTime()));
        }
        List<String> missing = missing(answer);
        String detail = missing.isEmpty() ? "preflight allows " + method + " from " + origin
                : "preflight does not allow it: " + String.join("; ", missing);
        FailureSignature signature = missing.isEmpty() ? FailureSignature.NONE : FailureSignature.CORS_REJECTED;
        return new Observation(target(), startedAt, missing.isEmpty(), signature, detail, Timings.of(stamps, System.nanoTime()),
                answer.status(), answer.headers(), null, true, null);
    }

    private List<String> missing(HttpAnswer answer) {
        List<String> out = new ArrayList<>();
        if (answer.status() < 200 || answer.status() > 299) {
            out.add("status " + answer.status() + " (a preflight needs 2xx)");
        }
        String allowOrigin = answer.header("access-control-allow-origin");
        if (allowOrigin == null) {
            out.add("no Access-Control-Allow-Origin");
        } else if (credentials && allowOrigin.equals("*")) {
            out.add("Access-Control-Allow-Origin is '*', which browsers refuse with credentials");
        } else if (!allowOrigin.equals("*") && !allowOrigin.equals(origin)) {
            out.add("Access-Control-Allow-Origin is '" + allowOrigin + "', not " + origin);
        }
        if (credentials && !"true".equals(answer.header("access-control-allow-credentials"))) {
            out.add("no Access-Control-Allow-Credentials: true");
        }
        Set<String> methods = tokens(answer.header("access-control-allow-methods"));
        if (!SIMPLE_METHODS.contains(method) && !methods.contains(method) && !(methods.contains("*") && !credentials)) {
            out.add("Access-Control-Allow-Methods " + (methods.isEmpty() ? "absent" : methods) + " lacks " + method);
        }
        Set<String> allowed = tokens(answer.header("access-control-allow-headers"));
        List<String> lacking = headers.stream()
                .filter(h -> !allowed.contains(h.toUpperCase(Locale.ROOT)) && !(allowed.contains("*") && !credentials))
                .toList();
        if (!lacking.isEmpty()) {
            out.add("Access-Control-Allow-Headers " + (allowed.isEmpty() ? "absent" : allowed) + " lacks " + lacking);
        }
        return out;
    }

    private static Set<String> tokens(String header) {
        if (header == null) {
            return Set.of();
        }
        return Arrays.stream(header.split(",")).map(t -> t.trim().toUpperCase(Locale.ROOT)).filter(t -> !t.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
