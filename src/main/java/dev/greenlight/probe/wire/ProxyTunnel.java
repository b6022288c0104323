package dev.greenlight.probe.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Opens a connection through an HTTP proxy: connect to the proxy, then (for https, ws and wss) ask it to
 * {@code CONNECT} to the target. What fails says whether the proxy or the target did.
 */
public final class ProxyTunnel {

    /** A failure at or through the proxy, and which of the two failed. */
    public static final class ProxyException extends IOException {
        private final boolean targetFailed;

        ProxyException(boolean targetFailed, String message, Throwable cause) {
            super(message, cause);
            this.targetFailed = targetFailed;
        }

        /** The proxy answered and could not reach the target (the tunnel's far end), rather than failing itself. */
        public boolean targetFailed() {
            return targetFailed;
        }
    }

    private ProxyTunnel() {
    }

    /** A socket to the proxy itself (for plain http, which the proxy forwards). */
    public static Socket toProxy(Proxy proxy, long deadline, Cancellation context) throws IOException {
        try {
            return Connector.open(proxy.host(), proxy.port(), deadline, context);
        } catch (IOException e) {
            if (context.cancelled()) {
                throw e;
            }
            throw new ProxyException(false, "the " + proxy.describe() + " is unreachable ("
                    + Connector.tried(e).orElse(Connector.reason(e)) + ")", e);
        }
    }

    /** A tunnel to {@code host:port} through the proxy; the caller speaks TLS or WebSocket over it. */
    public static Socket open(Proxy proxy, String host, int port, long deadline, Cancellation context) throws IOException {
        Socket socket = toProxy(proxy, deadline, context);
        try {
            String authority = Connector.hostHeader(host, port, -1);
            java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
            fields.put("Host", authority);
            fields.put("User-Agent", "greenlight");
            if (proxy.authorization() != null) {
                fields.put("Proxy-Authorization", proxy.authorization());
            }
            OutputStream out = socket.getOutputStream();
            out.write(HttpHead.request("CONNECT", authority, fields));
            out.flush();
            DeadlineInput in = new DeadlineInput(socket, deadline);
            String status = in.readLine(HttpHead.MAX_LINE);
            if (status == null) {
                throw new ProxyException(false, "the " + proxy.describe()
                        + " closed the connection without answering CONNECT " + authority, null);
            }
            HttpHead.readFields(in); // the proxy's headers: nothing in them changes what happens next
            int code = HttpHead.statusCode(status);
            if (code / 100 == 2) {
                return socket;
            }
            String said = HttpHead.printable(status);
            if (code / 100 == 5) { // "500 Unable to connect" (tinyproxy), 502/503/504 (squid, others): the tunnel's far end
                throw new ProxyException(true, "the " + proxy.describe()
                        + " could not reach " + authority + " (" + said + ")", null);
            }
            // 407 is the standard answer; tinyproxy says 401 to a CONNECT whose credentials it refuses
            String why = code == 407 || code == 401 ? (proxy.authorization() == null ? ": it wants credentials (user:password in the proxy URL)"
                    : ": it refused the credentials") : code == 403 ? ": its policy does not allow this target or port" : "";
            throw new ProxyException(false, "the " + proxy.describe() + " refused CONNECT " + authority
                    + " (" + said + ")" + why, null);
        } catch (IOException | RuntimeException e) {
            Connector.closeQuietly(socket);
            if (e instanceof ProxyException || context.cancelled() || !(e instanceof IOException io)) {
                throw e;
            }
            throw new ProxyException(false, "the " + proxy.describe() + " did not answer CONNECT "
                    + Connector.hostHeader(host, port, -1) + ": " + Connector.reason(io), io);
        }
    }
}
