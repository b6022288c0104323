package dev.greenlight.config;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret values of one configuration, and the one place that masks them. Every writer of
 * output (console, JSON, files, error messages) passes its text through {@link #redact(String)}.
 */
public final class Secrets {

    public static final String MASK = "****";

    private static final Set<String> SECRET_WORDS = Set.of(
            "secret", "password", "passwd", "pwd", "token", "apikey", "credential", "credentials",
            "authorization", "cookie", "privatekey");
    private static final Set<String> NOT_SECRET_LAST_WORDS = Set.of(
            "url", "uri", "endpoint", "path", "file", "name", "type", "ttl", "header");
    private static final Pattern WORD_SPLIT = Pattern.compile("[_\\-.\\s]+");

    /** Secrets shorter than this would mask ordinary words; they are still kept out of messages. */
    private static final int MIN_REDACTED_LENGTH = 3;

    /** Longest first, so a secret that contains another is masked whole. Grows when tokens are obtained at run time. */
    private volatile List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    public static Secrets none() {
        return new Secrets(List.of());
    }

    public static Secrets of(Set<String> values) {
        return new Secrets(sorted(values.stream()));
    }

    /** Registers a secret learnt during the run (an access token), before anything can print it. */
    public synchronized void add(String secret) {
        if (secret != null && secret.length() >= MIN_REDACTED_LENGTH && !values.contains(secret)) {
            values = sorted(java.util.stream.Stream.concat(values.stream(), java.util.stream.Stream.of(secret)));
        }
    }

    /**
     * Each secret with the forms it takes when a server or a writer escapes it: URL-encoded (a token echoed in a
     * query string or a form) and JSON-escaped (quotes, backslashes, control and non-ASCII characters).
     */
    private static List<String> sorted(java.util.stream.Stream<String> values) {
        return values.filter(v -> v != null && v.length() >= MIN_REDACTED_LENGTH)
                .flatMap(v -> java.util.stream.Stream.of(v, urlEncoded(v), urlEncoded(v).replace("+", "%20"), jsonEscaped(v, false),
                        jsonEscaped(v, true), jsonEscaped(v, false).replace("/", "\\/")))
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** A key such as {@code client_secret}, {@code password}, {@code X-Api-Key} names a secret; {@code token_url} does not. */
    public static boolean isSecretKey(String key) {
        String[] words = WORD_SPLIT.split(key.toLowerCase(Locale.ROOT));
        if (words.length == 0 || NOT_SECRET_LAST_WORDS.contains(words[words.length - 1])) {
            return false;
        }
        String joined = String.join("", words);
        if (joined.contains("apikey") || joined.contains("privatekey") || joined.contains("clientsecret")) {
            return true;
        }
        for (String word : words) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String urlEncoded(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The value as it appears inside a JSON string (RFC 8259 escapes; non-ASCII as \\uXXXX as some writers do). */
    static String jsonEscaped(String value, boolean upperHex) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format(Locale.ROOT, upperHex ? "\\u%04X" : "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** True while there is nothing to mask. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Whether {@code text} holds a secret (what {@link #redact} would mask). */
    public boolean appearIn(String text) {
        return text != null && values.stream().anyMatch(text::contains);
    }

    public String redact(String text) {
        List<String> current = values;
        if (text == null || current.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : current) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
