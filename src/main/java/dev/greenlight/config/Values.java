package dev.greenlight.config;

import java.math.BigDecimal;
import java.time.Duration;

/** Typed reads of one node, each failing with the field, the rule and the value. */
public final class Values {

    private Values() {
    }

    public static String string(Node node, String field) throws ConfigException {
        if (node instanceof Node.ScalarNode s && s.kind() != Node.ScalarNode.Kind.NULL) {
            return s.text();
        }
        throw new ConfigException(node.location(), field + " must be a string, got " + node.describe());
    }

    /** An http:// or https:// URL with a host, as the JDK parses it; {@code example} shows one in the error. */
    public static String httpUrl(Node node, String field, String example) throws ConfigException {
        String url = string(node, field);
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigException(node.location(), field + " is not an http(s) URL with a host; expected e.g. " + example);
        }
        return url;
    }

    public static Node.ListNode list(Node node, String field) throws ConfigException {
        if (node instanceof Node.ListNode list) {
            return list;
        }
        throw new ConfigException(node.location(), field + " must be a list, got " + node.describe());
    }

    public static boolean bool(Node node, String field) throws ConfigException {
        if (node instanceof Node.ScalarNode s && s.kind() == Node.ScalarNode.Kind.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        throw new ConfigException(node.location(), field + " must be true or false, got " + node.describe());
    }

    public static int integer(Node node, String field, int min, int max) throws ConfigException {
        if (node instanceof Node.ScalarNode s && s.kind() == Node.ScalarNode.Kind.NUMBER) {
            try {
                int value = Integer.parseInt(s.text());
                if (value < min || value > max) {
                    throw new ConfigException(node.location(), field + " must be between " + min + " and " + max
                            + ", got " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                // falls through to the type error
            }
        }
        throw new ConfigException(node.location(), field + " must be a whole number, got " + node.describe());
    }

    /** A duration with a unit ({@code 10s}); must be > 0. */
    public static Duration positiveDuration(Node node, String field) throws ConfigException {
        String text = node instanceof Node.ScalarNode s && s.kind() != Node.ScalarNode.Kind.NULL ? s.text() : null;
        if (text != null && text.trim().startsWith("-")) {
            throw new ConfigException(node.location(), field + " must be > 0, got " + text);
        }
        Duration d;
        try {
            d = text == null ? null : Durations.parse(text).orElse(null);
        } catch (Durations.TooLong e) {
            throw new ConfigException(node.location(), field + ": " + e.getMessage());
        }
        if (d == null) {
            throw new ConfigException(node.location(), field + " must be a duration with a unit (500ms, 10s, 3m, 1h), got "
                    + node.describe());
        }
        if (d.isZero()) {
            throw new ConfigException(node.location(), field + " must be > 0, got " + text);
        }
        return d;
    }

    /** {@code 90%} or a fraction {@code 0.9}; a bare {@code 90} is refused as ambiguous. Returns 0..1. */
    public static double rate(Node node, String field) throws ConfigException {
        String text = node instanceof Node.ScalarNode s && s.kind() != Node.ScalarNode.Kind.NULL ? s.text().trim() : null;
        try {
            if (text != null && text.endsWith("%")) {
                double percent = new BigDecimal(text.substring(0, text.length() - 1).trim()).doubleValue();
                if (percent < 0 || percent > 100) {
                    throw new ConfigException(node.location(), field + " must be between 0% and 100%, got " + text);
                }
                return percent / 100.0;
            }
            if (text != null && node instanceof Node.ScalarNode s && s.kind() == Node.ScalarNode.Kind.NUMBER) {
                double fraction = new BigDecimal(text).doubleValue();
                if (fraction >= 0 && fraction <= 1) {
                    return fraction;
                }
                throw new ConfigException(node.location(), field + " must be a percentage like 90% or a fraction "
                        + "between 0 and 1, got " + text + (fraction <= 100 ? " (write " + text + "%)" : ""));
            }
        } catch (NumberFormatException e) {
            // falls through to the type error
        }
        throw new ConfigException(node.location(), field + " must be a percentage like 90% or a fraction between 0 and 1, got "
                + node.describe());
    }
}
