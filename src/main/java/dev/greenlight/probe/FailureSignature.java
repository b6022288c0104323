package dev.greenlight.probe;

/**
 * Why a check did not pass, in words that point at a cause. Stable: they appear in JSON reports.
 * {@link #isNetworkBlind()} marks the ones that may mean Greenlight itself cannot see the target.
 */
public enum FailureSignature {
    NONE("ok"),
    DNS_FAILURE("the name does not resolve"),
    NETWORK_UNREACHABLE("no route to the target's network"),
    CONNECTION_REFUSED("nothing listens on the port"),
    CONNECT_TIMEOUT("the connection was not accepted in time (filtered or blackholed)"),
    READ_TIMEOUT("connected, but no answer in time"),
    CONNECTION_RESET("the connection was reset"),
    PROXY_FAILED("the HTTP proxy could not be used (unreachable, credentials refused, or it refused the target)"),
    PROXY_TARGET_UNREACHABLE("the HTTP proxy could not reach the target"),
    TLS_FAILURE("the TLS handshake failed"),
    TLS_EXPIRED("the server certificate has expired"),
    TLS_NOT_YET_VALID("the server certificate is not valid yet"),
    TLS_UNTRUSTED("the server certificate chain is not trusted"),
    TLS_HOSTNAME_MISMATCH("the server certificate does not name this host"),
    PROTOCOL_ERROR("the answer is not valid for the protocol"),
    WS_HANDSHAKE_REJECTED("the WebSocket handshake was rejected"),
    WS_CLOSED("the WebSocket was closed before every expected event arrived"),
    EVENT_MISSING("an expected event did not arrive in time"),
    WS_ERROR_EVENT("the server sent an error event on the WebSocket instead of the expected ones"),
    CORS_REJECTED("the CORS preflight answer does not allow the request"),
    DNS_NXDOMAIN("the name does not exist (NXDOMAIN)"),
    DNS_TIMEOUT("the resolver did not answer in time"),
    DNS_UNEXPECTED_ADDRESS("the name resolves, but not to the expected addresses"),
    AUTH_FAILED("the server refused the credentials"),
    DATABASE_MISSING("the database does not exist"),
    READ_ONLY("the database takes no writes: a standby or read-only server answered"),
    TOO_MANY_CONNECTIONS("the server refuses new connections: too many"),
    NOT_ACCEPTING("the server runs but does not accept connections now: starting up, recovering or shutting down"),
    UPSTREAM_FAILED("a proxy or pooler in front of the server answered, and the server behind it did not"),
    POOLER_ANSWERED("a connection pooler answered for the database: without a login the server behind it cannot be seen"),
    QUERY_FAILED("connected, but the query failed"),
    TOO_MANY_REDIRECTS("redirects did not end"),
    SIGN_IN_REDIRECT("redirected to a sign-in page: an auth gate answered, not the service"),
    SPA_FALLBACK("a web app's page answered (its index.html fallback): the route to the service is missing"),
    REDIRECTED_AWAY("a health or API path was redirected to another host's page or the site's home page: the service "
            + "did not answer"),
    DEFAULT_PAGE("the web server's default install page answered: the site or app is not behind it"),
    MAINTENANCE_PAGE("a maintenance page answered: the site says it is down for maintenance"),
    ERROR_PAGE("an error page answered with a success status: the page says not found or failed (a soft 404 or 5xx)"),
    CACHED_ANSWER("a cache in front of the service answered the health endpoint, not the service"),
    BODY_TOO_LARGE("the body is larger than the cap"),
    HTTP_STATUS("answered with an unexpected HTTP status"),
    SLOW_RESPONSE("answered, slower than the bound"),
    BODY_MISMATCH("answered, but the body is not what was expected"),
    CONDITION_FAILED("answered, but a condition failed"),
    REPORTED_DOWN("answered, but its health body says it is down or not ready"),
    WRONG_SERVICE("answered by another service of the plan: its health body names that service"),
    WRONG_ENVIRONMENT("answered by another environment's deployment: its health body names that environment"),
    WRONG_VERSION("answered by another version than the one deployed: the new release is not the one serving"),
    DRIFT("the repository's deployment files disagree (preflight)"),
    BLOCKED("a prerequisite failed, so the check could not run"),
    CANCELLED("stopped: the verdict was already certain"),
    NOT_RUN("did not run"),
    INTERNAL_ERROR("Greenlight failed while probing");

    private final String meaning;

    FailureSignature(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * Something answered in the target's place and said nothing about the target: the check could not see it, so the
     * run is INCONCLUSIVE on its account, never GO and never NO-GO.
     */
    public boolean isUnobservable() {
        return this == POOLER_ANSWERED;
    }

    public boolean isNetworkBlind() {
        return this == DNS_FAILURE || this == NETWORK_UNREACHABLE || this == DNS_TIMEOUT;
    }
}
