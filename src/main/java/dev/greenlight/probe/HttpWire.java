package dev.greenlight.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request on a fresh connection, read under one deadline: DNS, connect, TLS, send, wait
 * for the first byte, read the answer (body up to a cap). Each stage is timed, and a failure says the
 * stage it happened in, so a connect timeout is never confused with a read timeout.
 *
 * <p>Why not a general HTTP client: a probe needs exactly this narrow exchange, with per-stage timings
 * and failure stages; OkHttp's per-call machinery cost 4-5x the exchange itself at a few thousand
 * checks per second (bench/throughput.sh).
 */
final class HttpWire {

    enum Stage { DNS, CONNECT, TLS, SEND, WAIT, READ }

    /** An I/O failure and the stage it happened in. */
    static final class StageFailure extends IOException {
        private final Stage stage;

        StageFailure(Stage stage, IOException cause) {
            super(cause.getMessage(), cause);
            this.stage = stage;
        }

        Stage stage() {
            return stage;
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    /** When each stage started and ended (monotonic nanos; 0 = did not happen). */
    static final class Stamps {
        final long start;
        long dnsStart;
        long dnsEnd;
        long connectEnd;
        long tlsEnd;
        long firstByte;

        Stamps(long start) {
            this.start = start;
        }

        Timings timings(long end) {
            return new Timings(span(dnsStart, dnsEnd), span(dnsEnd, connectEnd), span(connectEnd, tlsEnd),
                    firstByte == 0 ? null : Duration.ofNanos(firstByte - start), Duration.ofNanos(end - start));
        }

        private static Duration span(long from, long to) {
            return from == 0 || to == 0 ? null : Duration.ofNanos(to - from);
        }
    }

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private final HttpTransport transport;

    HttpWire(HttpTransport transport) {
        this.transport = transport;
    }

    HttpAnswer exchange(HttpSpec spec, URI url, String method, boolean sendBody, long deadline, ProbeContext context,
                        Stamps stamps) throws StageFailure {
        return exchange(spec, url, method, sendBody, deadline, context, stamps, true);
    }

    /** @param credentials false after a redirect left the check's origin: no bearer, no credential headers */
    HttpAnswer exchange(HttpSpec spec, URI url, String method, boolean sendBody, long deadline, ProbeContext context,
                        Stamps stamps, boolean credentials) throws StageFailure {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        String host = Connector.host(url);
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        Stage stage = Stage.DNS;
        stamps.dnsStart = System.nanoTime();
        Proxy proxy = spec.proxy().forTarget(url, transport.proxies()).orElse(null);
        InetAddress[] addresses = null;
        try {
            if (proxy == null) {
                addresses = Connector.resolve(host, deadline); // through a proxy, the proxy resolves the target
            }
        } catch (IOException e) {
            throw new StageFailure(stage, e);
        }
        stamps.dnsEnd = System.nanoTime();
        stage = Stage.CONNECT;
        Socket opened;
        try {
            if (proxy == null) {
                opened = Connector.connect(addresses, port, deadline, context);
            } else {
                // https: a tunnel, TLS end to end; http: the proxy is sent the request with the full URL
                opened = tls ? ProxyTunnel.open(proxy, host, port, deadline, context) : ProxyTunnel.toProxy(proxy, deadline, context);
            }
        } catch (IOException e) {
            throw new StageFailure(stage, e);
        }
        try (Socket plain = opened) {
            plain.setTcpNoDelay(true);
            stamps.connectEnd = System.nanoTime();
            Socket wire = plain;
            if (tls) {
                stage = Stage.TLS;
                wire = handshake(plain, host, port, spec.insecure(), spec.clientIdentity(), deadline);
                context.onCancel(closer(wire));
                stamps.tlsEnd = System.nanoTime();
            }
            stage = Stage.SEND;
            OutputStream out = wire.getOutputStream();
            out.write(request(spec, url, method, sendBody, host, port, tls, credentials ? context.bearer() : null, credentials,
                    tls ? null : proxy));
            out.flush();
            stage = Stage.WAIT;
            DeadlineInput in = new DeadlineInput(wire, deadline);
            int status = readStatus(in, stamps);
            stage = Stage.READ;
            Map<String, String> headers = readHeaders(in);
            while (status >= 100 && status < 200) { // 100 Continue and friends come before the answer
                status = readStatus(in, stamps);
                headers = readHeaders(in);
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean tooLarge = !noBody && readBody(in, headers, spec.maxBody(), body);
            byte[] bytes = body.toByteArray();
            String coding = headers.get("content-encoding");
            if (!noBody && !tooLarge && bytes.length > 0 && ContentCoding.decodable(coding)) {
                ContentCoding.Decoded decoded = ContentCoding.decode(bytes, coding, spec.maxBody());
                bytes = decoded.body();
                tooLarge = decoded.tooLarge();
            }
            return new HttpAnswer(status, headers, bytes, tooLarge, certificateExpiry(wire));
        } catch (IOException e) {
            throw new StageFailure(stage, e);
        }
    }

    private SSLSocket handshake(Socket plain, String host, int port, boolean insecure, ClientIdentity identity, long deadline)
            throws IOException {
        SSLSocket ssl = (SSLSocket) transport.tls(insecure, identity).createSocket(plain, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        if (!insecure) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    /** Headers that carry credentials: never sent to another origin than the check's. */
    static boolean carriesCredentials(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        return h.equals("authorization") || h.equals("cookie") || h.equals("proxy-authorization") || h.contains("token")
                || h.contains("api-key") || h.contains("apikey") || h.contains("secret") || h.contains("auth");
    }

    /** @param forwardingProxy a proxy that is sent the request itself (plain http): the target in absolute form */
    private static byte[] request(HttpSpec spec, URI url, String method, boolean sendBody, String host, int port,
                                  boolean tls, String bearer, boolean credentials, Proxy forwardingProxy) {
        String target = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target += "?" + url.getRawQuery();
        }
        String hostHeader = Connector.hostHeader(host, port, tls ? 443 : 80);
        if (forwardingProxy != null) {
            target = "http://" + hostHeader + target;
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", hostHeader);
        headers.put("User-Agent", "greenlight");
        headers.put("Accept", "*/*");
        if (spec.compressed()) {
            headers.put("Accept-Encoding", "gzip, deflate");
        }
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        spec.headers().forEach((name, value) -> {
            if (credentials || !carriesCredentials(name)) {
                headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
                headers.put(name, value);
            }
        });
        if (forwardingProxy != null && forwardingProxy.authorization() != null) {
            headers.put("Proxy-Authorization", forwardingProxy.authorization());
        }
        headers.put("Connection", "close");
        byte[] body = sendBody && spec.body() != null ? spec.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (sendBody && (spec.body() != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            headers.putIfAbsent("Content-Type", "application/json");
            headers.put("Content-Length", String.valueOf(body.length));
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static int readStatus(DeadlineInput in, Stamps stamps) throws IOException {
        String line = in.readLine(MAX_LINE);
        if (stamps.firstByte == 0) {
            stamps.firstByte = in.firstByteAt();
        }
        if (line == null) {
            throw new java.io.EOFException("the server closed the connection without answering");
        }
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: '" + printable(line) + "'");
        }
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status code in '" + printable(line) + "'");
        }
    }

    private static Map<String, String> readHeaders(DeadlineInput in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String last = null;
        for (int count = 0; ; count++) {
            String line = in.readLine(MAX_LINE);
            if (line == null) {
                throw new java.io.EOFException("the connection closed in the middle of the headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                // obs-fold (RFC 9112 5.2): a user agent replaces it with a space
                headers.put(last, headers.get(last) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new ProtocolException(colon <= 0 ? "bad header line '" + printable(line) + "'"
                        : "more than " + MAX_HEADERS + " headers");
            }
            last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            addHeader(headers, last, line.substring(colon + 1).trim());
        }
    }

    /**
     * A repeated header keeps every value, combined as RFC 9110 5.3 allows ("a, b"); Set-Cookie, whose values hold
     * commas, one per line.
     */
    static void addHeader(Map<String, String> headers, String name, String value) {
        headers.merge(name, value, (a, b) -> a + (name.equals("set-cookie") ? "\n" : ", ") + b);
    }

    /** The trailer fields after the last chunk, merged into the headers (bounded like them). */
    private static void readTrailers(DeadlineInput in, Map<String, String> headers) throws IOException {
        for (int count = 0; ; count++) {
            String line = in.readLine(MAX_LINE);
            if (line == null || line.isEmpty()) {
                return; // the end of the trailers, or a server that closed right after the last chunk
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new ProtocolException(colon <= 0 ? "bad trailer line '" + printable(line) + "'"
                        : "more than " + MAX_HEADERS + " trailer fields");
            }
            addHeader(headers, line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    /** Reads the body into {@code out}, at most {@code cap} bytes; true when there was more. */
    private static boolean readBody(DeadlineInput in, Map<String, String> headers, long cap, ByteArrayOutputStream out)
            throws IOException {
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            while (true) {
                String sizeLine = in.readLine(MAX_LINE);
                if (sizeLine == null) {
                    throw new java.io.EOFException("the connection closed in the middle of a chunked body");
                }
                int semicolon = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size '" + printable(sizeLine) + "'");
                }
                if (size == 0) {
                    readTrailers(in, headers);
                    return false;
                }
                if (copy(in, size, cap, out)) {
                    return true;
                }
                in.readLine(MAX_LINE);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            return copy(in, contentLength(length), cap, out);
        }
        return copy(in, Long.MAX_VALUE, cap, out); // until the server closes
    }

    /** One length, also when the header came twice with the same value (RFC 9110 8.6); differing values are refused. */
    private static long contentLength(String value) throws ProtocolException {
        long size = -1;
        for (String part : value.split(",")) {
            long one;
            try {
                one = Long.parseLong(part.trim());
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length '" + printable(value) + "'");
            }
            if (one < 0 || size >= 0 && one != size) {
                throw new ProtocolException("conflicting Content-Length '" + printable(value) + "'");
            }
            size = one;
        }
        return size;
    }

    /** Copies up to {@code size} bytes (stopping early at EOF only when size is unknown); true when past the cap. */
    private static boolean copy(DeadlineInput in, long size, long cap, ByteArrayOutputStream out) throws IOException {
        long left = size;
        byte[] buffer = new byte[8192];
        while (left > 0) {
            int n = in.read(buffer, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (size == Long.MAX_VALUE) {
                    return false;
                }
                throw new java.io.EOFException("the connection closed " + (size - left) + " bytes into a body of " + size);
            }
            long room = cap - out.size();
            if (n > room) {
                out.write(buffer, 0, (int) Math.max(0, room));
                return true;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return false;
    }

    private static Duration certificateExpiry(Socket wire) {
        if (!(wire instanceof SSLSocket ssl)) {
            return null;
        }
        try {
            Certificate[] chain = ssl.getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return Duration.between(Instant.now(), leaf.getNotAfter().toInstant());
            }
        } catch (IOException e) {
            // no verified peer: nothing to report
        }
        return null;
    }

    static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String printable(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Runnable closer(Socket socket) {
        return () -> Sockets.closeQuietly(socket);
    }

    /** A buffered socket input whose every blocking read is bounded by what is left of the deadline. */
    static final class DeadlineInput {
        private final Socket socket;
        private final InputStream in;
        private final java.util.function.LongSupplier deadline;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private long firstByteAt;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this(socket, () -> deadline);
        }

        /** A deadline that may move between reads (a WebSocket waits for each event until its own time). */
        DeadlineInput(Socket socket, java.util.function.LongSupplier deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        long firstByteAt() {
            return firstByteAt;
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline.getAsLong()));
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            if (firstByteAt == 0) {
                firstByteAt = System.nanoTime();
            }
            position = 0;
            limit = n;
            return true;
        }

        int read(byte[] into, int max) throws IOException {
            if (position == limit && !fill()) {
                return -1;
            }
            int n = Math.min(max, limit - position);
            System.arraycopy(buffer, position, into, 0, n);
            position += n;
            return n;
        }

        /** A line without its CRLF (ISO-8859-1), or null at EOF before any byte. */
        String readLine(int max) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (position == limit && !fill()) {
                    return line.isEmpty() ? null : line.toString();
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= max) {
                    throw new ProtocolException("a line longer than " + max + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }
    }
}
