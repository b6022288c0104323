package dev.greenlight.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether an answer came from the version that was deployed. After a deploy whose new revision never becomes ready, the
 * platform keeps sending traffic to the previous one (Cloud Run, a Kubernetes rollout that does not progress, a
 * blue/green switch that did not happen): every check passes against the old release. What an answer says its version
 * is (its health body's {@code version}, {@code commit}, Spring's {@code git.commit.id}..., or a header such as
 * {@code X-Version}) is compared with the version expected.
 */
public final class DeployedVersion {

    /** The headers a service names its version with (lower case). */
    static final List<String> HEADERS = List.of("x-version", "x-app-version", "x-application-version", "x-service-version",
            "x-build-version", "x-release", "x-release-id", "x-revision", "x-commit", "x-commit-sha", "x-git-sha", "x-git-commit",
            "x-build", "x-build-id", "x-image-tag");

    /** A version an answer states, and where: {@code body 'version'}, {@code header x-revision}. */
    public record Said(String where, String value) {
        /** {@code 1.4.1 (body 'version')}. */
        @Override
        public String toString() {
            return value + " (" + where + ")";
        }
    }

    /** What the answer's versions say about the expected one. */
    public sealed interface Outcome {
    }

    /** One of them is the expected version. */
    public record Confirmed(Said said) implements Outcome {
    }

    /** They name versions, none of them the expected one: another release answered. */
    public record Other(List<Said> said) implements Outcome {
        public Other {
            said = List.copyOf(said);
        }
    }

    /** The answer names no version that can be compared with the expected one. */
    public record Unreported() implements Outcome {
    }

    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{7,64}");
    private static final Pattern TOKEN_SEPARATORS = Pattern.compile("[\\s:@+/=,;]+");
    private static final Pattern NON_HEX = Pattern.compile("[^0-9a-f]+");

    private DeployedVersion() {
    }

    /** The versions an answer states: its health body's, then its headers'. */
    public static List<Said> said(HealthReport health, Map<String, String> headers) {
        List<Said> said = new ArrayList<>();
        health.versions().forEach((path, value) -> said.add(new Said("body '" + path + "'", value)));
        headers.forEach((name, value) -> {
            if (HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !value.isBlank()) {
                said.add(new Said("header " + name.toLowerCase(Locale.ROOT), value.trim()));
            }
        });
        return said;
    }

    /** What an answer (its health body and headers) says about the expected version. */
    public static Outcome of(String expected, HealthReport health, Map<String, String> headers) {
        return compare(expected, said(health, headers));
    }

    /** Confirmed when any stated version is the expected one; Other when some can be compared and none is. */
    public static Outcome compare(String expected, List<Said> said) {
        List<Said> comparable = new ArrayList<>();
        for (Said s : said) {
            if (matches(expected, s.value())) {
                return new Confirmed(s);
            }
            if (comparable(expected, s.value())) {
                comparable.add(s);
            }
        }
        return comparable.isEmpty() ? new Unreported() : new Other(comparable);
    }

    /**
     * The same version, as services write it: equal but for case and a leading {@code v} ({@code v1.4.2}, {@code 1.4.2});
     * a commit id and its short form ({@code 3f9a2c1} in {@code 3f9a2c1e...}, at least 7 characters, as git abbreviates);
     * or one part of a composite ({@code registry/app:1.4.2}, {@code 1.4.2+3f9a2c1}). {@code 1.4.2-rc1} is not {@code 1.4.2}.
     */
    static boolean matches(String expected, String reported) {
        String e = normal(expected);
        String r = normal(reported);
        if (e.equals(r)) {
            return true;
        }
        if (commitId(e)) {
            for (String token : NON_HEX.split(r)) {
                if (commitId(token) && (token.startsWith(e) || e.startsWith(token))) {
                    return true;
                }
            }
        }
        for (String token : TOKEN_SEPARATORS.split(r)) {
            if (normal(token).equals(e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a reported value can say anything about the expected one: when a commit id is expected, only values that
     * hold one do ({@code "version": "1"}, an API's version, or a build date {@code 20261128} says nothing about commit
     * {@code 3f9a2c1}).
     */
    static boolean comparable(String expected, String reported) {
        if (!commitId(normal(expected))) {
            return true;
        }
        for (String token : NON_HEX.split(normal(reported))) {
            if (commitId(token)) {
                return true;
            }
        }
        return false;
    }

    /** 7 to 64 hex digits with a letter among them (or 12 and more): a commit or image digest, not a build number. */
    private static boolean commitId(String normal) {
        return HEX_ID.matcher(normal).matches() && (normal.length() >= 12 || !normal.chars().allMatch(Character::isDigit));
    }

    private static String normal(String version) {
        String v = version.trim().toLowerCase(Locale.ROOT);
        return v.length() > 1 && v.charAt(0) == 'v' && Character.isDigit(v.charAt(1)) ? v.substring(1) : v;
    }
}
