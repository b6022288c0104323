package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Node;
import dev.greenlight.config.Values;

/** A {@code host:port} written in a check ({@code [::1]:5432} for IPv6), with a protocol's default port. */
record Endpoint(String host, int port) {

    static Endpoint parse(Node node, String what, int defaultPort) throws ConfigException {
        String text = Values.string(node, what).trim();
        int colon = text.lastIndexOf(':');
        boolean bracketed = text.startsWith("[");
        String host = text;
        String portText = null;
        if (colon > 0 && (!bracketed || text.lastIndexOf(']') < colon)) {
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        if (!bracketed && host.contains(":")) { // 2001:db8::1:5432 cannot say where the address ends and the port begins
            throw new ConfigException(node.location(), what + " has an IPv6 address without brackets: '" + text
                    + "'; expected [address]:port, such as [2001:db8::1]:5432 or [::1]:6379");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new ConfigException(node.location(), what + " must be host:port, got '" + text + "'");
        }
        if (portText == null) {
            if (defaultPort <= 0) {
                throw new ConfigException(node.location(), what + " must be host:port, got '" + text + "'");
            }
            return new Endpoint(host, defaultPort);
        }
        try {
            int port = Integer.parseInt(portText);
            if (port >= 1 && port <= 65535) {
                return new Endpoint(host, port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(node.location(), what + " has port '" + portText + "'; expected a number from 1 to 65535");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
