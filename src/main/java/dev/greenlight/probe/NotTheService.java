package dev.greenlight.probe;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * When an HTTP answer that would pass did not come from the service: a sign-in page the check was redirected to, a page of
 * another host a health path was redirected to, a single-page app's shell, a web server's install page, a maintenance
 * page, an error page, a cache's kept answer. Each is a green for a service that was never reached.
 *
 * @param signature what answered
 * @param evidence  what says so, to follow "HTTP 200" in the check's detail ({@code ", nginx's own page"}); may be empty
 */
record NotTheService(FailureSignature signature, String evidence) {

    /**
     * @param asked    the check's URL
     * @param landed   the URL that answered, after the redirects
     * @param headers  the answer's headers (lower-case names)
     * @return null when nothing says the answer is not the service's
     */
    static NotTheService of(URI asked, URI landed, boolean redirected, int status, Map<String, String> headers, String body) {
        if (redirected && SignInPage.redirectedTo(asked, landed, body)) {
            return new NotTheService(FailureSignature.SIGN_IN_REDIRECT, "");
        }
        if (status >= 300) {
            return null;
        }
        if (redirected && awayFromTheEndpoint(asked, landed)) {
            return new NotTheService(FailureSignature.REDIRECTED_AWAY, sameHost(asked, landed)
                    ? " from the site's home page (" + (landed.getRawPath().isEmpty() ? "/" : landed.getRawPath()) + ")"
                    : " from " + landed.getHost());
        }
        if (AppShell.answered(asked, body)) {
            return new NotTheService(FailureSignature.SPA_FALLBACK, "");
        }
        String installPage = DefaultPage.server(body);
        if (installPage != null) {
            return new NotTheService(FailureSignature.DEFAULT_PAGE, ", " + installPage + "'s own page");
        }
        java.util.List<String> headings = PageHeadings.of(body); // read once, for the maintenance and the error page
        String maintenance = MaintenancePage.heading(headings);
        if (maintenance != null) {
            return new NotTheService(FailureSignature.MAINTENANCE_PAGE, ", a maintenance page ('" + maintenance + "')");
        }
        String error = ErrorPage.heading(headings);
        if (error != null) {
            return new NotTheService(FailureSignature.ERROR_PAGE, ", an error page ('" + error + "')");
        }
        String cached = CachedAnswer.evidence(landed, headers);
        return cached == null ? null : new NotTheService(FailureSignature.CACHED_ANSWER, " with " + cached);
    }

    /**
     * A health or API path redirected to a page that is neither: another host's (a wildcard DNS record and a catch-all
     * "unknown host: go to www" answering for a service whose own record or route is missing), or its own site's home
     * page (an app's catch-all route, {@code error_page 404 =301 /}, sending paths it does not know home). An https
     * upgrade, a trailing slash, or a move of the endpoint keeps an endpoint's path and is left alone; so is a same-host
     * redirect to another page than the home page, which may be where the endpoint moved.
     */
    private static boolean awayFromTheEndpoint(URI asked, URI landed) {
        if (!EndpointPaths.endpoint(asked.getRawPath()) || EndpointPaths.endpoint(landed.getRawPath())
                || asked.getHost() == null || landed.getHost() == null) {
            return false;
        }
        return !sameHost(asked, landed) || HOME.matcher(landed.getRawPath()).matches();
    }

    private static boolean sameHost(URI asked, URI landed) {
        return asked.getHost().toLowerCase(Locale.ROOT).equals(landed.getHost().toLowerCase(Locale.ROOT));
    }

    /** A site's home page: {@code /}, {@code /index.html}, {@code /home}, a language's {@code /en/} or {@code /en-US}. */
    private static final java.util.regex.Pattern HOME = java.util.regex.Pattern.compile(
            "(?i)/?|/(index\\.\\w+|home|[a-z]{2}([-_][a-z]{2})?)/?");
}
