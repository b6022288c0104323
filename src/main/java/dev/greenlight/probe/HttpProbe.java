package dev.greenlight.probe;

import dev.greenlight.probe.wire.Connector;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpWire;
import dev.greenlight.probe.wire.HttpSpec;
import dev.greenlight.probe.wire.HttpAnswer;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP(S) request, redirects followed within a bound, body read up to a cap, every stage timed. The first request
 * of a plain-HTTP check (no proxy) waits on the shared I/O loop ({@link LoopProbe}); the rest on the caller's thread.
 */
final class HttpProbe implements LoopProbe {

    /** The largest body judged on the I/O loop: reading a larger one (a health body of 1 MB) would hold its other connections. */
    private static final int QUICK_BODY = 16 * 1024;
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";\\s]+)");

    private final HttpWire wire;
    private final HttpSpec spec;
    private final boolean onLoop;

    HttpProbe(HttpTransport transport, HttpSpec spec) {
        this.wire = new HttpWire(transport);
        this.spec = spec;
        this.onLoop = wire.onLoop(spec);
    }

    @Override
    public boolean onLoop() {
        return onLoop;
    }

    @Override
    public Begun begin(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        HttpWire.Stamps stamps = new HttpWire.Stamps(start);
        java.util.concurrent.CompletableFuture<HttpAnswer> first = wire.begin(spec, start + context.timeout().toNanos(), context,
                context.bearer(), stamps);
        if (first == null) {
            throw new IllegalStateException("not a probe for the loop: " + target());
        }
        return new Begun(startedAt, start, stamps, first);
    }

    @Override
    public Observation finish(Begun begun, ProbeContext context, Clock clock) {
        return observe(context, begun);
    }

    @Override
    public boolean finishesQuickly(Begun begun) {
        if (!begun.done().isDone()) {
            return false;
        }
        if (begun.done().isCompletedExceptionally()) {
            return true;
        }
        HttpAnswer answer = (HttpAnswer) begun.done().join();
        return answer.body().length <= QUICK_BODY && !(spec.followRedirects() && redirectTarget(answer, spec.url()) != null);
    }

    @Override
    public java.util.Optional<String> secretInTheClear(boolean bearer, java.util.function.Predicate<String> secret) {
        return InTheClear.request(spec.url(), spec.headers(), InTheClear.bearer(bearer), secret);
    }

    @Override
    public String target() {
        return spec.method() + " " + spec.url();
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return observe(context, new Begun(clock.instant(), System.nanoTime(), null, null));
    }

    /** From the start of {@code begun}; its first exchange already done on the loop, if it has one. */
    private Observation observe(ProbeContext context, Begun begun) {
        Instant startedAt = begun.startedAt;
        long start = begun.start;
        long deadline = start + context.timeout().toNanos();
        URI url = spec.url();
        String method = spec.method();
        boolean sendBody = true;
        boolean credentials = true;
        java.util.List<String> chain = new java.util.ArrayList<>();
        for (int hop = 0; ; hop++) {
            boolean begunOnLoop = hop == 0 && begun.done() != null;
            HttpWire.Stamps stamps = begunOnLoop ? (HttpWire.Stamps) begun.state : new HttpWire.Stamps(start);
            HttpAnswer answer;
            try {
                answer = begunOnLoop ? firstAnswer(begun)
                        : wire.exchange(spec, url, method, sendBody, deadline, context, context.bearer(), stamps, credentials);
            } catch (HttpWire.StageFailure failure) {
                return failed(startedAt, stamps, failure, url, context);
            }
            URI next = redirectTarget(answer, url);
            if (next != null && spec.followRedirects()) {
                if (hop >= spec.maxRedirects()) {
                    return answered(startedAt, stamps, answer, FailureSignature.TOO_MANY_REDIRECTS,
                            "more than " + spec.maxRedirects() + " redirects (last: " + url + " -> " + next + ")");
                }
                if ("https".equalsIgnoreCase(url.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
                    return answered(startedAt, stamps, answer, FailureSignature.PROTOCOL_ERROR, "redirect from " + url
                            + " to " + next + " refused: it downgrades https to http");
                }
                // 301/302/303 are followed with GET, as browsers and curl -L do; 307/308 keep the method and body
                if (answer.status() <= 303) {
                    method = "GET";
                    sendBody = false;
                }
                // credentials (bearer, Authorization, Cookie, API keys) stay with the check's own origin, as curl does
                credentials &= origin(next).equals(origin(spec.url()));
                chain.add(answer.status() + " " + next);
                url = next;
                continue;
            }
            if (answer.tooLarge()) {
                return answered(startedAt, stamps, answer, FailureSignature.BODY_TOO_LARGE,
                        "body larger than the cap of " + spec.maxBody() + " bytes: " + url);
            }
            String redirects = chain.isEmpty() ? "" : " after " + chain.size() + " redirect" + (chain.size() == 1 ? "" : "s") + " ("
                    + String.join(" -> ", chain) + (credentials ? "" : "; credentials dropped when it left " + origin(spec.url())) + ")";
            String body = text(answer);
            NotTheService impostor = NotTheService.of(spec.url(), url, !chain.isEmpty(), answer.status(), answer.headers(), body);
            if (impostor != null) {
                return answered(startedAt, stamps, answer, body, impostor.signature(), impostor.signature().meaning() + ": HTTP "
                        + answer.status() + impostor.evidence() + redirects);
            }
            return answered(startedAt, stamps, answer, body, FailureSignature.NONE, "HTTP " + answer.status() + redirects);
        }
    }

    /** The loop's answer to the first request; its failure as the blocking exchange would have thrown it. */
    @SuppressWarnings("unchecked")
    private static HttpAnswer firstAnswer(Begun begun) throws HttpWire.StageFailure {
        try {
            return ((java.util.concurrent.CompletableFuture<HttpAnswer>) begun.done()).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof HttpWire.StageFailure failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw e;
        }
    }

    private Observation failed(Instant startedAt, HttpWire.Stamps stamps, HttpWire.StageFailure failure, URI url,
                               ProbeContext context) {
        Timings timings = Timings.of(stamps, System.nanoTime());
        if (context.cancelled()) {
            return Observation.failed(target(), startedAt, FailureSignature.CANCELLED,
                    FailureSignature.CANCELLED.meaning() + ": " + url, timings);
        }
        FailureSignature signature = NetworkErrors.classify(failure.io(), failure.stage().compareTo(HttpWire.Stage.CONNECT) > 0);
        String millis = context.timeout().toMillis() + " ms";
        String detail = switch (signature) {
            case READ_TIMEOUT, CONNECT_TIMEOUT -> signature.meaning() + " (" + millis + "): " + url + tried(failure);
            case CONNECTION_REFUSED, NETWORK_UNREACHABLE -> signature.meaning() + ": " + url + tried(failure);
            case DNS_FAILURE, DNS_NXDOMAIN -> signature.meaning() + ": " + url;
            case DNS_TIMEOUT -> signature.meaning() + ": " + url + " (" + failure.getMessage() + ")";
            default -> signature.meaning() + ": " + url + " (" + failure.getMessage() + ")";
        };
        if (failure.stage() == HttpWire.Stage.TLS && signature == FailureSignature.READ_TIMEOUT) {
            signature = FailureSignature.TLS_FAILURE;
            detail = "the TLS handshake did not complete in " + millis + " (does the port speak TLS?): " + url;
        }
        return Observation.failed(target(), startedAt, signature, detail, timings);
    }

    private static String tried(HttpWire.StageFailure failure) {
        return Connector.tried(failure.io()).map(t -> " (" + t + ")").orElse("");
    }

    /** scheme://host:port, with the scheme's default port made explicit. */
    static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() > 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + (url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    private static URI redirectTarget(HttpAnswer answer, URI from) {
        int code = answer.status();
        boolean redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
        String location = answer.header("location");
        if (!redirect || location == null) {
            return null;
        }
        try {
            URI next = from.resolve(location.trim());
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Observation answered(Instant startedAt, HttpWire.Stamps stamps, HttpAnswer answer,
                                 FailureSignature signature, String detail) {
        return answered(startedAt, stamps, answer, text(answer), signature, detail);
    }

    private Observation answered(Instant startedAt, HttpWire.Stamps stamps, HttpAnswer answer, String body,
                                 FailureSignature signature, String detail) {
        return new Observation(target(), startedAt, signature == FailureSignature.NONE, signature, detail,
                Timings.of(stamps, System.nanoTime()), answer.status(), answer.headers(), body, true,
                answer.tls());
    }

    private static String text(HttpAnswer answer) {
        return new String(answer.body(), charset(answer.header("content-type")));
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    // unknown charset: read as UTF-8
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
