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

    static Entry of(String signature) {
        return switch (signature) {
            case "CONNECTION_REFUSED" -> new Entry(Classification.CONFIGURATION, List.of(
                    "compare the port the service listens on with the port its service entry names (Dockerfile EXPOSE, "
                            + "--bind, $PORT, the platform's container port)",
                    "check that the process is running at all (crash loop, OOM kill)"));
            case "CONNECT_TIMEOUT", "NETWORK_UNREACHABLE" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "check the network path: VPC connector, firewall rules, security groups, routes",
                    "from inside the network, try to connect to the same host and port"));
            case "READ_TIMEOUT" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "something accepts connections but never answers: a proxy or connector in front of a dead upstream",
                    "check the service's own logs for a hang (thread dump, a blocking call at startup)"));
            case "DNS_FAILURE", "DNS_NXDOMAIN", "DNS_TIMEOUT" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "check the DNS record and the resolver the callers use"));
            case "REPORTED_DOWN" -> new Entry(Classification.INFRASTRUCTURE, List.of(
                    "the services that depend on it say it is down: check the path from them to it (connector, credentials, "
                            + "the server itself)",
                    "check the dependency's own metrics and logs"));
            case "TLS_FAILURE", "TLS_EXPIRED", "TLS_NOT_YET_VALID", "TLS_UNTRUSTED", "TLS_HOSTNAME_MISMATCH" -> new Entry(
                    Classification.CONFIGURATION, List.of("check the certificate: dates, chain, the names it covers"));
            case "AUTH_FAILED", "DATABASE_MISSING" -> new Entry(Classification.CONFIGURATION, List.of(
                    "check the credentials and database name the service is deployed with"));
            case "STUCK" -> new Entry(Classification.APPLICATION, List.of(
                    "the process answers but its startup never finishes: look at the startup phase it stopped in",
                    "look for an emergency flag or an early return that skips the rest of the startup"));
            case "EVENT_MISSING", "WS_CLOSED", "BODY_MISMATCH", "QUERY_FAILED", "PROTOCOL_ERROR" -> new Entry(
                    Classification.APPLICATION, List.of("look at the service's logs at the time of the check",
                            "reproduce the request from the report's evidence"));
            case "HTTP_STATUS", "WS_HANDSHAKE_REJECTED" -> new Entry(Classification.APPLICATION, List.of(
                    "read the failing answer's body in the evidence; look at the service's logs for the error"));
            default -> new Entry(Classification.UNKNOWN, List.of("read the evidence of the failing check"));
        };
    }
}
