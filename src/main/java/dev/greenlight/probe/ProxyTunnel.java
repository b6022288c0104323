package dev.greenlight.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Opens a connection through an HTTP proxy: connect to the proxy, then (for https, ws and wss) ask it to
 * {@code CONNECT} to the target. What fails says whether the proxy or the target did.
 */
final class ProxyTunnel {

    /** A failure at or through the proxy, with the signature it deserves. */
    static final class ProxyException extends IOException {
        private final FailureSignature signature;

        ProxyException(FailureSignature signature, String message, Throwable cause) {
            super(message, cause);
            this.signature = signature;
        }

        FailureSignature signature() {
            return signature;
        }
    }

    private ProxyTunnel() {
    }

    /** A socket to the proxy itself (for plain http, which the proxy forwards). */
    static Socket toProxy(Proxy proxy, long deadline, ProbeContext context) throws IOException {
        try {
            return Connector.open(proxy.host(), proxy.port(), deadline, context);
        } catch (IOException e) {
            if (context.cancelled()) {
                throw e;
            }
            FailureSignature how = NetworkErrors.classify(e, false);
            throw new ProxyException(FailureSignature.PROXY_FAILED, "the " + proxy.describe() + " is unreachable: "
                    + how.meaning() + Connector.tried(e).map(t -> " (" + t + ")").orElse(""), e);
        }
    }

    /** A tunnel to {@code host:port} through the proxy; the caller speaks TLS or WebSocket over it. */
    static Socket open(Proxy proxy, String host, int port, long deadline, ProbeContext context) throws IOException {
        Socket socket = toProxy(proxy, deadline, context);
        try {
            String authority = Connector.hostHeader(host, port, -1);
            StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ").append(authority)
                    .append("\r\nUser-Agent: greenlight\r\n");
            if (proxy.authorization() != null) {
                request.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            HttpWire.DeadlineInput in = new HttpWire.DeadlineInput(socket, () -> deadline);
            String status = in.readLine(16 * 1024);
            if (status == null) {
                throw new ProxyException(FailureSignature.PROXY_FAILED, "the " + proxy.describe()
                        + " closed the connection without answering CONNECT " + authority, null);
            }
            for (String line = in.readLine(16 * 1024); line != null && !line.isEmpty(); line = in.readLine(16 * 1024)) {
                // the proxy's headers: nothing in them changes what happens next
            }
            int code = status.matches("HTTP/1\\.[01] \\d{3}.*") ? Integer.parseInt(status.substring(9, 12)) : -1;
            if (code / 100 == 2) {
                return socket;
            }
            String said = status.length() > 100 ? status.substring(0, 100) : status;
            if (code / 100 == 5) { // "500 Unable to connect" (tinyproxy), 502/503/504 (squid, others): the tunnel's far end
                throw new ProxyException(FailureSignature.PROXY_TARGET_UNREACHABLE, "the " + proxy.describe()
                        + " could not reach " + authority + " (" + said + ")", null);
            }
            // 407 is the standard answer; tinyproxy says 401 to a CONNECT whose credentials it refuses
            String why = code == 407 || code == 401 ? (proxy.authorization() == null ? ": it wants credentials (user:password in the proxy URL)"
                    : ": it refused the credentials") : code == 403 ? ": its policy does not allow this target or port" : "";
            throw new ProxyException(FailureSignature.PROXY_FAILED, "the " + proxy.describe() + " refused CONNECT " + authority
                    + " (" + said + ")" + why, null);
        } catch (IOException | RuntimeException e) {
            Sockets.closeQuietly(socket);
            if (e instanceof ProxyException || context.cancelled() || !(e instanceof IOException io)) {
                throw e;
            }
            throw new ProxyException(FailureSignature.PROXY_FAILED, "the " + proxy.describe() + " did not answer CONNECT "
                    + Connector.hostHeader(host, port, -1) + ": " + NetworkErrors.classify(io, true).meaning(), io);
        }
    }
}
