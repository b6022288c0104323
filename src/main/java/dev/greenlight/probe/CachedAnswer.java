package dev.greenlight.probe;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a health endpoint's answer came from a cache in front of the service (a CDN, a caching reverse proxy) rather
 * than from the service: a kept answer says nothing of the service now, and a cache that serves stale answers when its
 * origin fails ({@code proxy_cache_use_stale}, {@code stale-if-error}, Cloudflare's Always Online) answers 200 exactly
 * when the service is down. Pages and API answers may be cached by design; a health endpoint's may not.
 */
final class CachedAnswer {

    /** The headers caches name a hit with: nginx's usual {@code X-Cache-Status}, CloudFront/Fastly/Varnish, Cloudflare... */
    private static final List<String> STATUS_HEADERS = List.of("x-cache-status", "x-cache", "cf-cache-status", "x-proxy-cache",
            "x-vercel-cache", "x-nginx-cache", "x-drupal-cache", "x-litespeed-cache");

    private CachedAnswer() {
    }

    /**
     * What says that the answer to {@code asked} came from a cache ({@code age: 312}, {@code x-cache-status: STALE}),
     * when {@code asked} is a health endpoint; null when nothing does (or the path is not a health endpoint's).
     */
    static String evidence(URI asked, Map<String, String> headers) {
        if (!EndpointPaths.health(asked.getRawPath())) {
            return null;
        }
        List<String> said = new ArrayList<>();
        String age = headers.get("age");
        if (age != null && positive(age.trim())) { // RFC 9111 5.1: not generated or validated by the origin for this request
            said.add("age: " + age.trim());
        }
        for (String name : STATUS_HEADERS) {
            String value = headers.get(name);
            if (value != null && hit(value)) {
                said.add(name + ": " + value.trim());
            }
        }
        String status = headers.get("cache-status"); // RFC 9211: "ExampleCache; hit", "Netlify Edge; fwd=miss"
        if (status != null && status.toLowerCase(Locale.ROOT).matches(".*;\\s*hit\\b.*")) {
            said.add("cache-status: " + status.trim());
        }
        return said.isEmpty() ? null : String.join(", ", said);
    }

    /**
     * A hit or a stale answer ({@code HIT}, {@code STALE}, {@code UPDATING}, {@code Hit from cloudfront}, Fastly's
     * {@code HIT, MISS}); not one the origin revalidated ({@code RefreshHit}, {@code REVALIDATED}) or sent
     * ({@code MISS}, {@code EXPIRED}, {@code BYPASS}, {@code DYNAMIC}).
     */
    private static boolean hit(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return !v.contains("refreshhit") && (v.matches(".*\\bhit\\b.*") || v.contains("stale") || v.contains("updating"));
    }

    private static boolean positive(String digits) {
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Long.parseLong(digits) > 0;
    }
}
