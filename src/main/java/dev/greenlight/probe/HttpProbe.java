package dev.greenlight.probe;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/** One HTTP(S) request, redirects followed within a bound, body read up to a cap, every phase timed. */
final class HttpProbe implements Probe {

    /** At most this many headers are kept as evidence (and for {@code [HEADER].name}). */
    private static final int KEPT_HEADERS = 50;

    private final HttpTransport transport;
    private final HttpSpec spec;

    HttpProbe(HttpTransport transport, HttpSpec spec) {
        this.transport = transport;
        this.spec = spec;
    }

    @Override
    public String target() {
        return spec.method() + " " + spec.url();
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        long deadline = start + context.timeout().toNanos();
        HttpUrl url = spec.url();
        for (int hop = 0; ; hop++) {
            TimingListener timing = new TimingListener(start);
            Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
            Call call = transport.client(left, spec.insecure(), timing).newCall(request(url, hop));
            context.onCancel(call::cancel);
            try (Response response = call.execute()) {
                HttpUrl next = redirectTarget(response, url);
                if (next != null && spec.followRedirects()) {
                    if (hop >= spec.maxRedirects()) {
                        return answered(startedAt, timing, response, null, FailureSignature.TOO_MANY_REDIRECTS,
                                "more than " + spec.maxRedirects() + " redirects (last: " + url + " -> " + next + ")");
                    }
                    url = next;
                    continue;
                }
                return read(startedAt, timing, response);
            } catch (IOException e) {
                FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED
                        : NetworkErrors.classify(e, timing.connected());
                if (signature == FailureSignature.READ_TIMEOUT && timing.tlsUnfinished()) {
                    return Observation.failed(target(), startedAt, FailureSignature.TLS_FAILURE,
                            "the TLS handshake did not complete in " + context.timeout().toMillis()
                                    + " ms (does the port speak TLS?): " + url, timing.timings(System.nanoTime()));
                }
                String detail = switch (signature) {
                    case READ_TIMEOUT, CONNECT_TIMEOUT -> signature.meaning() + " (" + context.timeout().toMillis()
                            + " ms): " + url;
                    case CONNECTION_REFUSED, DNS_FAILURE, NETWORK_UNREACHABLE, CANCELLED -> signature.meaning() + ": " + url;
                    default -> signature.meaning() + ": " + url + " (" + NetworkErrors.describe(e) + ")";
                };
                return Observation.failed(target(), startedAt, signature, detail, timing.timings(System.nanoTime()));
            }
        }
    }

    private Request request(HttpUrl url, int hop) {
        Request.Builder builder = new Request.Builder().url(url).header("User-Agent", "greenlight");
        spec.headers().forEach(builder::header);
        // a redirect is followed with GET, as browsers and curl -L do for 301/302/303
        if (hop == 0 && spec.body() != null) {
            MediaType type = MediaType.parse(spec.headers().getOrDefault("Content-Type", "application/json"));
            builder.method(spec.method(), RequestBody.create(spec.body(), type));
        } else if (hop == 0 && !spec.method().equals("GET")) {
            boolean needsBody = spec.method().equals("POST") || spec.method().equals("PUT") || spec.method().equals("PATCH");
            builder.method(spec.method(), needsBody ? RequestBody.create(new byte[0]) : null);
        }
        return builder.build();
    }

    private static HttpUrl redirectTarget(Response response, HttpUrl from) {
        int code = response.code();
        boolean redirect = code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
        String location = response.header("Location");
        return redirect && location != null ? from.resolve(location) : null;
    }

    private Observation read(Instant startedAt, TimingListener timing, Response response) throws IOException {
        ResponseBody body = response.body();
        Buffer buffer = new Buffer();
        boolean tooLarge = false;
        if (body != null && !"HEAD".equals(spec.method())) {
            BufferedSource source = body.source();
            while (buffer.size() <= spec.maxBody() && source.read(buffer, 8192) != -1) {
                // read until the cap is passed or the body ends
            }
            tooLarge = buffer.size() > spec.maxBody();
        }
        Charset charset = StandardCharsets.UTF_8;
        if (body != null && body.contentType() != null && body.contentType().charset() != null) {
            charset = body.contentType().charset();
        }
        long kept = Math.min(buffer.size(), spec.maxBody());
        String text = buffer.readString(kept, charset);
        if (tooLarge) {
            return answered(startedAt, timing, response, text, FailureSignature.BODY_TOO_LARGE,
                    "body larger than the cap of " + spec.maxBody() + " bytes");
        }
        return answered(startedAt, timing, response, text, FailureSignature.NONE, "HTTP " + response.code());
    }

    private Observation answered(Instant startedAt, TimingListener timing, Response response, String body,
                                 FailureSignature signature, String detail) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < response.headers().size() && headers.size() < KEPT_HEADERS; i++) {
            headers.putIfAbsent(response.headers().name(i).toLowerCase(java.util.Locale.ROOT), response.headers().value(i));
        }
        return new Observation(target(), startedAt, signature == FailureSignature.NONE, signature, detail,
                timing.timings(System.nanoTime()), response.code(), headers, body, true,
                certificateExpiry(response.handshake(), startedAt));
    }

    private static Duration certificateExpiry(Handshake handshake, Instant now) {
        if (handshake == null) {
            return null;
        }
        List<Certificate> chain = handshake.peerCertificates();
        if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            return null;
        }
        return Duration.between(now, leaf.getNotAfter().toInstant());
    }
}
