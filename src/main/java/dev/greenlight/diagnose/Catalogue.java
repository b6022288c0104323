package dev.greenlight.diagnose;

import java.util.List;

/**
 * What a failure signature means for a root cause: its classification and the next checks a person
 * should make. Keyed by signature; {@code REPORTED_DOWN} is a dependency seen failing only through
 * another service's health body; {@code STUCK} a service that answers but never finishes starting.
 */
final class Catalogue {

    record Entry(Classification classification, List<String> nextChecks) {
    }

    private Catalogue() {
    }

    /** The entry for a root's signature, refined by the HTTP status of its failing answer where that carries the meaning. */
    static Entry of(String signature, Integer httpStatus) {
        if (httpStatus != null && (signature.equals("HTTP_STATUS") || signature.equals("WS_HANDSHAKE_REJECTED"))) {
            Entry byStatus = byStatus(httpStatus, signature.equals("WS_HANDSHAKE_REJECTED") ? "the WebSocket handshake" : "the request");
            if (byStatus != null) {
                return byStatus;
            }
        }
        return of(signature);
    }

    private static Entry byStatus(int status, String what) {
        return switch (status) {
            case 401, 403 -> new Entry(Classification.CONFIGURATION, List.of(
                    what + " was refused with HTTP " + status + ": check the credentials it carries (token, audience, scope)"
                            + " and, for a browser-facing endpoint, the allowed origins",
                    "compare the auth source's client and audience with what the service is deployed to accept"));
            case 404 -> new Entry(Classification.CONFIGURATION, List.of(
                    what + " got HTTP 404: check the path in the plan against the routes the service serves "
                            + "(a prefix, a trailing slash, the ingress rule)"));
            case 502 -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "HTTP 502 comes from a proxy or load balancer whose upstream refused or dropped the connection: "
                            + "check that the upstream runs and listens on the port the proxy sends to",
                    "read the proxy's error log for the upstream address it tried"));
            case 503 -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "HTTP 503: no healthy instance behind the address, or the service says it is not ready: look at its "
                            + "health and at what it waits for (the failing dependency, startup)",
                    "check the platform's revision status and instance count"));
            case 504 -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "HTTP 504 comes from a proxy or load balancer whose upstream did not answer in time: the upstream "
                            + "hangs or is unreachable from the proxy",
                    "check the upstream's latency and the proxy's upstream timeout"));
            default -> null;
        };
    }

    /**
     * A proxy answers 502/504 while the upstreams it is declared to depend on answer Greenlight's own checks:
     * the upstream is up, the proxy does not reach it (wrong address or port, or no path from where it runs).
     */
    static Entry proxyToLiveUpstream(int status, List<String> upstreams) {
        String names = String.join(", ", upstreams);
        return new Entry(Classification.CONFIGURATION, List.of(
                names + " answer" + (upstreams.size() == 1 ? "s" : "") + " Greenlight's own checks, yet this proxy answers HTTP "
                        + status + (status == 502 ? " (its upstream refused or dropped the connection)"
                        : " (its upstream did not answer in time)") + ": the proxy points at the wrong address or port, "
                        + "or cannot reach " + names + " from where it runs",
                "compare the proxy's upstream (proxy_pass, backend service, target port) with where " + names + " listens"));
    }

    /**
     * A service says a dependency is down while Greenlight reaches that dependency itself: the fault is on the
     * path from the service to it. The service's own error text says which kind when it can.
     */
    static Entry dependencyPath(String error) {
        String e = error == null ? "" : error.toLowerCase(java.util.Locale.ROOT);
        List<String> next = List.of(
                "the dependency is up (Greenlight's own check of it passed): look at the path from this service to it",
                "compare the credentials, host and port the service is deployed with against the dependency's",
                "check the service's connection pool and its network path (connector, egress rules, DNS from its side)");
        if (e.matches(".*(password|authenticat|credential|permission|denied|role|unauthori|forbidden|ssl|certificate).*")) {
            return new Entry(Classification.CONFIGURATION, next);
        }
        if (e.matches(".*(timeout|timed out|unreachable|refused|no route|reset|connect|resolve|unknown host).*")) {
            return new Entry(Classification.INFRASTRUCTURE, next);
        }
        return new Entry(Classification.UNKNOWN, next);
    }

    static Entry of(String signature) {
        return switch (signature) {
            case "DRIFT" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the repository's deployment files disagree: fix the files the finding names (greenlight preflight shows "
                            + "every place), then deploy again"));
            case "STARTING" -> new Entry(Classification.UNKNOWN, List.of(
                    "it was still starting when checked (its body says startup is not complete): without a settle budget "
                            + "a slow start cannot be told from one that never finishes; run with --settle (e.g. 2m)",
                    "if it stays in the same startup phase, look at what that phase waits for"));
            case "SAYS_DOWN" -> new Entry(Classification.APPLICATION, List.of(
                    "the service answers but its own health body says it is down: read the failing components in the "
                            + "evidence's body",
                    "if every component is up, the status mapping of the health endpoint is wrong"));
            case "CONNECTION_REFUSED" -> new Entry(Classification.CONFIGURATION, List.of(
                    "compare the port the service listens on with the port its service entry names (Dockerfile EXPOSE, "
                            + "--bind, $PORT, the platform's container port)",
                    "check that the process is running at all (crash loop, OOM kill)"));
            case "CONNECT_TIMEOUT", "NETWORK_UNREACHABLE" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "check the network path: VPC connector, firewall rules, security groups, routes",
                    "from inside the network, try to connect to the same host and port"));
            case "PROXY_FAILED" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "check the proxy the check goes through (HTTPS_PROXY / HTTP_PROXY / the check's proxy): is it up, are "
                            + "its credentials right (407), does its policy allow this host and port (403)",
                    "if the target should be reached directly, add it to NO_PROXY or set proxy: none on the check"));
            case "PROXY_TARGET_UNREACHABLE" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "the proxy is up but cannot reach the target: check the target itself and the path from the proxy to it",
                    "from the proxy's network, try to connect to the same host and port"));
            case "READ_TIMEOUT" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "something accepts connections but never answers: a proxy or connector in front of a dead upstream",
                    "check the service's own logs for a hang (thread dump, a blocking call at startup)"));
            case "DNS_NXDOMAIN" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the resolver answered that the name does not exist: check the host name in the plan and the DNS record",
                    "if the name lives in a private zone (VPN, split-horizon DNS), run Greenlight where that zone resolves"));
            case "DNS_FAILURE", "DNS_TIMEOUT" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "check the DNS record and the resolver the callers use"));
            case "REPORTED_DOWN" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "the services that depend on it say it is down: check the path from them to it (connector, credentials, "
                            + "the server itself)",
                    "check the dependency's own metrics and logs"));
            case "SIGN_IN_REDIRECT" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the check was sent to a sign-in page: exempt the health path from the auth gate in front of the service "
                            + "(oauth2-proxy --skip-auth-route, the ingress's auth annotations, the app's own login middleware)",
                    "if the check carries a token, check that the service still accepts it",
                    "to check the sign-in page itself, give its URL to the check"));
            case "SPA_FALLBACK" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the request reached the frontend's catch-all (try_files ... /index.html, a history-API fallback), not the "
                            + "service: check how this path is routed (ingress rules, the reverse proxy's location blocks, the "
                            + "CDN's behaviours)",
                    "check that the service behind that route is deployed and registered with the router"));
            case "REDIRECTED_AWAY" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the name led to a catch-all that sends unknown hosts elsewhere (a wildcard DNS record and a default "
                            + "server redirecting to the main site): check the service's own DNS record and its host rule in "
                            + "the load balancer or ingress",
                    "sent to the site's own home page: the app does not know the path and its catch-all sends it home "
                            + "(a catch-all route, error_page 404 =301 /): check that the route is deployed (the health "
                            + "route registered, the API mounted under this prefix)",
                    "if the endpoint really moved, give the check its new URL"));
            case "DEFAULT_PAGE" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the web server runs but serves its install page: check that the site's configuration is loaded (the "
                            + "server block or virtual host enabled, its server_name or Host rule matching this name, the "
                            + "config test passing on reload)",
                    "check that the image holds the app's files where the server's root points (a build that copied "
                            + "nothing leaves the package's page)",
                    "a platform's placeholder app answered (Cloud Run's hello container, Azure App Service's or Heroku's "
                            + "welcome page): the service still runs the image it was created with; check that the deploy "
                            + "replaced it (the revision's image, the release that failed)"));
            case "MAINTENANCE_PAGE" -> new Entry(Classification.CONFIGURATION, List.of(
                    "a maintenance switch answers in front of the app (a flag file the web server looks for, a load balancer "
                            + "rule, the platform's maintenance mode): turn it off once the deploy is done, or the deploy "
                            + "never left maintenance",
                    "serve the maintenance page with HTTP 503 (and Retry-After), so clients and monitors see it as down"));
            case "ERROR_PAGE" -> new Entry(Classification.CONFIGURATION, List.of(
                    "a not-found page with 200: the path is not where the check looks (the route not deployed, the API not "
                            + "mounted), and the host or CDN answers a missing path with its error document and 200 (the "
                            + "single-page-app rule 404 -> /index.html or /404.html, 200): check the route, then make "
                            + "missing paths answer 404",
                    "an error page (5xx) with 200: a proxy masks the service's failure (error_page 502 =200, a custom "
                            + "error response with code 200): check the service behind it, and keep the error's status"));
            case "CACHED_ANSWER" -> new Entry(Classification.CONFIGURATION, List.of(
                    "a cache (CDN, caching proxy) kept the health endpoint's answer: exclude the path from caching (a CDN "
                            + "cache rule, Cache-Control: no-store on the endpoint, proxy_cache_bypass) so each check reaches the "
                            + "service",
                    "a stale answer (STALE, UPDATING) means the cache could not reach the service: check the origin directly",
                    "to check the service behind the cache, point the check at the origin's address"));
            case "WRONG_SERVICE" -> new Entry(Classification.CONFIGURATION, List.of(
                    "traffic for this service reaches another one: compare the URL and port in the plan with where the "
                            + "service listens, and the routing in front of it (load balancer host rules, ingress paths, the "
                            + "port each container listens on)"));
            case "WRONG_ENVIRONMENT" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the address in the plan reaches another environment's deployment: compare it with the environment's "
                            + "own (a host name copied from another environment, a DNS record or CNAME, a load balancer or "
                            + "ingress rule that sends this environment's traffic to the other's)",
                    "while it does, this environment is not checked at all: its own deployment may be down",
                    "if the service is shared with that environment on purpose, give the service 'environment: <name>'"));
            case "WRONG_VERSION" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the previous release still answers: the new one did not become ready, so the platform kept traffic on "
                            + "the old (Cloud Run: gcloud run revisions list and the new revision's conditions and logs; "
                            + "Kubernetes: kubectl rollout status and the new ReplicaSet's pods and events)",
                    "a new release that never becomes ready usually crashes at start, listens on another port than the "
                            + "platform probes, or fails its own readiness probe: read its start-up logs",
                    "check that the deploy reached this environment and that the image tag changed (a reused :latest or a "
                            + "cached image runs the old code)"));
            case "TLS_EXPIRED" -> new Entry(Classification.CONFIGURATION, List.of(
                    "renew the certificate, and check what should have renewed it (cert-manager, certbot, the load balancer's "
                            + "managed certificate)"));
            case "TLS_NOT_YET_VALID" -> new Entry(Classification.CONFIGURATION, List.of(
                    "the certificate starts in the future: check the clock of what issued it and of this runner"));
            case "TLS_UNTRUSTED" -> new Entry(Classification.CONFIGURATION, List.of(
                    "check that the server sends its whole chain (the certificate and its intermediates)",
                    "a certificate from your own CA (a staging CA) is trusted with ca_file on the check"));
            case "TLS_HOSTNAME_MISMATCH" -> new Entry(Classification.CONFIGURATION, List.of(
                    "compare the names the certificate covers (its SANs) with the host of the URL, and which certificate "
                            + "the load balancer picks for this name (SNI)"));
            case "NOT_ACCEPTING" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "the server runs and turns connections away (its own words are in the detail): starting up or "
                            + "recovering after a crash or restart, shutting down, or out of resources",
                    "read the server's log for why it restarted and how far recovery is; a recovery that ends is a slow "
                            + "start (give the run a settle budget), one that does not is not"));
            case "UPSTREAM_FAILED" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "a proxy or connection pooler in front of the server answered for it and said the server behind it "
                            + "failed: check that server, and the address and credentials the proxy uses to reach it",
                    "read the proxy's log (pgbouncer, twemproxy, Envoy) for the server address it tried"));
            case "POOLER_ANSWERED" -> new Entry(Classification.CONFIGURATION, List.of(
                    "a connection pooler answers the check's address whether the database is up or not: give the check a "
                            + "login (user, password, query: SELECT 1), whose query goes through the pooler to the server",
                    "or point the check at the PostgreSQL server itself"));
            case "TLS_FAILURE" -> new Entry(Classification.CONFIGURATION, List.of(
                    "check that the port speaks TLS, and the protocol versions and ciphers both sides allow"));
            case "AUTH_FAILED", "DATABASE_MISSING" -> new Entry(Classification.CONFIGURATION, List.of(
                    "check the credentials and database name the service is deployed with"));
            case "READ_ONLY" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "the address reaches a server that takes no writes: after a failover, a DNS name, pooler or proxy still "
                            + "pointing at the old primary (now a standby) is the usual cause",
                    "find the current primary (PostgreSQL: SELECT pg_is_in_recovery() on each; MySQL: SELECT @@read_only) and "
                            + "point the service's address at it, or at the name that follows failovers"));
            case "STUCK" -> new Entry(Classification.APPLICATION, List.of(
                    "the process answers but its startup never finishes: look at the startup phase it stopped in",
                    "look for an emergency flag or an early return that skips the rest of the startup"));
            case "EVENT_MISSING", "WS_CLOSED", "BODY_MISMATCH", "QUERY_FAILED", "PROTOCOL_ERROR" -> new Entry(
                    Classification.APPLICATION, List.of("look at the service's logs at the time of the check",
                            "reproduce the request from the report's evidence"));
            case "WS_ERROR_EVENT" -> new Entry(Classification.APPLICATION, List.of(
                    "the service accepted the stream and reported a failure on it: read the error event's message in the "
                            + "evidence, then the service's logs at that time",
                    "if the event is part of the protocol and not a failure, list it under the check's ignore or expect"));
            case "HTTP_STATUS", "WS_HANDSHAKE_REJECTED" -> new Entry(Classification.APPLICATION, List.of(
                    "read the failing answer's body in the evidence; look at the service's logs for the error"));
            default -> new Entry(Classification.UNKNOWN, List.of("read the evidence of the failing check"));
        };
    }
}
