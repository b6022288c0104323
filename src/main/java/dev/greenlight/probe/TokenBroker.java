package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpWire;
import dev.greenlight.probe.wire.HttpSpec;
import dev.greenlight.probe.wire.HttpAnswer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.greenlight.config.AuthSource;
import dev.greenlight.config.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Obtains the credentials of the run's auth sources: once per run and source, shared by every check
 * that names it, fetched again shortly before it expires (JWT {@code exp} or {@code expires_in}).
 * Every token is registered as a secret before it can reach any output.
 */
public final class TokenBroker {

    /** A token is fetched again when it has less than this left. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
    /** A failed fetch is not repeated sooner than this (checks waiting on it are BLOCKED by the same failure). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
    /** Made on first use: a plan without token sources does not pay for it at start. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The outcome of obtaining one source's token: the token, or the observation that explains why not. */
    public record Grant(String token, Instant expiresAt, Observation observation) {
        public boolean ok() {
            return token != null;
        }
    }

    private final Map<String, AuthSource> sources;
    private final HttpWire wire;
    private final Secrets secrets;
    private final Clock clock;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    public TokenBroker(Map<String, AuthSource> sources, HttpTransport transport, Secrets secrets, Clock clock) {
        this.sources = Map.copyOf(sources);
        this.wire = new HttpWire(transport);
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The secret the token request of {@code source} sends where anyone on the path can read it ({@link InTheClear}). */
    java.util.Optional<String> secretInTheClear(String source) {
        AuthSource s = sources.get(source);
        if (s == null || s.kind() == AuthSource.Kind.BEARER) {
            return java.util.Optional.empty(); // a static token is sent by the checks that use it, not here
        }
        String sent = s.kind() == AuthSource.Kind.PASSWORD ? "its token request's password" : "its client secret";
        return InTheClear.request(URI.create(s.tokenUrl()), Map.of(), sent, value -> false); // an http(s) URL: the config says so
    }

    /** The current grant of {@code source}, fetching it if there is none, it is about to expire, or it failed a while ago. */
    public Grant grant(String source, Duration timeout) {
        Grant current = grants.get(source);
        if (current != null && fresh(current)) {
            return current;
        }
        synchronized (this.sources.get(source)) {
            current = grants.get(source);
            if (current != null && fresh(current)) {
                return current;
            }
            return renew(source, timeout);
        }
    }

    /** Asks the token endpoint now and keeps the answer for the checks that need it (the {@code auth.<name>} check). */
    public Grant renew(String source, Duration timeout) {
        Grant fetched = fetch(source, timeout);
        grants.put(source, fetched);
        return fetched;
    }

    private boolean fresh(Grant grant) {
        Instant now = clock.instant();
        if (!grant.ok()) {
            return grant.observation().startedAt().plus(RETRY_AFTER_FAILURE).isAfter(now);
        }
        return grant.expiresAt() == null || grant.expiresAt().minus(REFRESH_MARGIN).isAfter(now);
    }

    private Grant fetch(String name, Duration timeout) {
        AuthSource source = sources.get(name);
        Instant startedAt = clock.instant();
        String target = source.kind() == AuthSource.Kind.BEARER ? "static token of auth source '" + name + "'"
                : "POST " + source.tokenUrl();
        if (source.kind() == AuthSource.Kind.BEARER) {
            secrets.add(source.token());
            Observation o = new Observation(target, startedAt, true, FailureSignature.NONE,
                    "static bearer token from the configuration", Timings.total(Duration.ZERO), null, Map.of(), null, true, null);
            return new Grant(source.token(), jwtExpiry(source.token()), o);
        }
        long start = System.nanoTime();
        HttpWire.Stamps stamps = new HttpWire.Stamps(start);
        HttpSpec spec = new HttpSpec(URI.create(source.tokenUrl()), "POST",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                form(source), false, 0, HttpProbeKind.DEFAULT_MAX_BODY, false);
        HttpAnswer answer;
        try {
            answer = wire.exchange(spec, spec.url(), "POST", true, start + timeout.toNanos(), new ProbeContext(timeout), null, stamps, true);
        } catch (HttpWire.StageFailure failure) {
            FailureSignature signature = NetworkErrors.classify(failure.io(), failure.stage().compareTo(HttpWire.Stage.CONNECT) > 0);
            return failed(target, startedAt, stamps, signature, "token endpoint: " + signature.meaning() + ": " + source.tokenUrl());
        }
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        String token = accessToken(body);
        if (token != null) {
            secrets.add(token); // before the body is kept anywhere
        }
        if (answer.status() != 200 || token == null) {
            String reason = answer.status() != 200 ? "token endpoint answered HTTP " + answer.status()
                    : "token endpoint answered 200 without an access_token";
            Observation o = new Observation(target, startedAt, false, answer.status() != 200
                    ? FailureSignature.HTTP_STATUS : FailureSignature.BODY_MISMATCH, reason,
                    Timings.of(stamps, System.nanoTime()), answer.status(), answer.headers(), secrets.redact(body), true, null);
            return new Grant(null, null, o);
        }
        Observation o = new Observation(target, startedAt, true, FailureSignature.NONE, "token obtained",
                Timings.of(stamps, System.nanoTime()), answer.status(), answer.headers(), secrets.redact(body), true, null);
        return new Grant(token, expiry(body, token, startedAt), o);
    }

    private Grant failed(String target, Instant startedAt, HttpWire.Stamps stamps, FailureSignature signature,
                         String detail) {
        return new Grant(null, null, Observation.failed(target, startedAt, signature, detail,
                Timings.of(stamps, System.nanoTime())));
    }

    private static String form(AuthSource source) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (source.kind() == AuthSource.Kind.PASSWORD) {
            fields.put("grant_type", "password");
            fields.put("username", source.username());
            fields.put("password", source.password());
        } else {
            fields.put("grant_type", "client_credentials");
        }
        fields.put("client_id", source.clientId());
        fields.put("client_secret", source.clientSecret());
        fields.put("scope", source.scope());
        fields.put("audience", source.audience());
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> {
            if (v != null) {
                out.append(out.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return out.toString();
    }

    private static String accessToken(String body) {
        try {
            JsonNode token = Json.MAPPER.readTree(body).get("access_token");
            return token != null && token.isTextual() && !token.asText().isEmpty() ? token.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Instant expiry(String body, String token, Instant obtainedAt) {
        try {
            JsonNode expiresIn = Json.MAPPER.readTree(body).get("expires_in");
            if (expiresIn != null && expiresIn.canConvertToLong()) {
                return obtainedAt.plusSeconds(expiresIn.asLong());
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the token itself
        }
        return jwtExpiry(token);
    }

    /** The {@code exp} claim of a JWT, or null for a token that is not one. */
    static Instant jwtExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode exp = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp");
            return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
