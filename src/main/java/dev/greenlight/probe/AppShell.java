package dev.greenlight.probe;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a health or API endpoint was answered by a single-page app's shell (its {@code index.html}): the route to the
 * service is missing and the frontend's catch-all ({@code try_files $uri /index.html}, a history-API fallback) answered
 * 200 for a path it knows nothing of. Taken for the service's answer, that is a green for a service never reached.
 */
final class AppShell {

    /** The mount point a single-page app's shell renders into (React, Vite, Vue, Angular, Next.js, Nuxt). */
    private static final Pattern MOUNT = Pattern.compile("(?i)(id\\s*=\\s*[\"']?(root|app|__next|__nuxt)[\"'\\s>])|<app-root");

    private AppShell() {
    }

    /** Whether {@code body}, answered for {@code asked}, is an app's HTML shell where an endpoint was asked for. */
    static boolean answered(URI asked, String body) {
        if (body == null || !EndpointPaths.endpoint(asked.getRawPath())) {
            return false;
        }
        String head = body.length() > 4096 ? body.substring(0, 4096) : body;
        String lower = head.toLowerCase(Locale.ROOT);
        return (lower.contains("<!doctype html") || lower.contains("<html")) && lower.contains("<script")
                && MOUNT.matcher(body).find();
    }
}
