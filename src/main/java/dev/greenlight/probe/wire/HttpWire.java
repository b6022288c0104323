package dev.greenlight.probe.wire;

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
public final class HttpWire {

    public enum Stage { DNS, CONNECT, TLS, SEND, WAIT, READ }

    /** An I/O failure and the stage it happened in. */
    public static final class StageFailure extends IOException {
        private final Stage stage;

        StageFailure(Stage stage, IOException cause) {
            super(cause.getMessage(), cause);
            this.stage = stage;
        }

        public Stage stage() {
            return stage;
        }

        /** Where and why, in a few words: {@code connect refused}, {@code wait timed out}. */
        public String reason() {
            return stage.name().toLowerCase(java.util.Locale.ROOT) + " " + Connector.reason(io());
        }

        public IOException io() {
            return (IOException) getCause();
        }
    }

    /** When each stage started and ended (monotonic nanos; 0 = did not happen); a span that did not happen is null. */
    public static final class Stamps {
        private final long start;
        long dnsStart;
        long dnsEnd;
        long connectEnd;
        long tlsEnd;
        long firstByte;

        public Stamps(long start) {
            this.start = start;
        }

        public Duration dns() {
            return span(dnsStart, dnsEnd);
        }

        public Duration connect() {
            return span(dnsEnd, connectEnd);
        }

        public Duration tls() {
            return span(connectEnd, tlsEnd);
        }

        /** From the start of the probe to the first byte of the answer. */
        public Duration firstByte() {
            return firstByte == 0 ? null : Duration.ofNanos(firstByte - start);
        }

        public Duration since(long end) {
            return Duration.ofNanos(end - start);
        }

        private static Duration span(long from, long to) {
            return from == 0 || to == 0 ? null : Duration.ofNanos(to - from);
        }
    }

    private final HttpTransport transport;

    public HttpWire(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * @param bearer      sent as {@code Authorization: Bearer} (null for none)
     * @param credentials false after a redirect left the check's origin: no bearer, no credential headers
     */
    public HttpAnswer exchange(HttpSpec spec, URI url, String method, boolean sendBody, long deadline, Cancellation context,
                               String bearer, Stamps stamps, boolean credentials) throws StageFailure {
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
                wire = transport.handshake(plain, host, port, spec.tls(), deadline);
                Socket secured = wire;
                context.onCancel(() -> Connector.closeQuietly(secured));
                stamps.tlsEnd = System.nanoTime();
            }
            stage = Stage.SEND;
            OutputStream out = wire.getOutputStream();
            out.write(request(spec, url, method, sendBody, host, port, tls, credentials ? bearer : null, credentials,
                    tls ? null : proxy));
            out.flush();
            stage = Stage.WAIT;
            return readAnswer(new DeadlineInput(wire, deadline), method, spec.maxBody(), stamps).withTls(TlsSession.of(wire));
        } catch (StageFailure e) {
            throw e;
        } catch (IOException e) {
            throw new StageFailure(stage, e);
        }
    }

    /**
     * The same exchange without a thread of its own, on the shared {@link IoLoop}, when it can be: plain http, no proxy.
     * Null when it cannot: then {@link #exchange}.
     */
    public java.util.concurrent.CompletableFuture<HttpAnswer> begin(HttpSpec spec, long deadline, Cancellation context,
                                                                   String bearer, Stamps stamps) {
        if (!onLoop(spec)) {
            return null;
        }
        URI url = spec.url();
        String host = Connector.host(url);
        int port = url.getPort() > 0 ? url.getPort() : 80;
        byte[] request = request(spec, url, spec.method(), true, host, port, false, bearer, true, null);
        return IoLoop.shared().talk(host, port, new Asking(request, spec.method(), spec.maxBody(), stamps), deadline, context, stamps);
    }

    /** A request and its answer on the loop, read by {@link #readAnswer} over what was heard so far. */
    private record Asking(byte[] request, String method, long maxBody, Stamps stamps) implements IoLoop.Talk<HttpAnswer> {
        @Override
        public byte[] opening() {
            return request;
        }

        @Override
        public HttpAnswer heard(IoLoop.Line line) throws IOException {
            try {
                return readAnswer(DeadlineInput.over(line.heard(), line.length(), line.closed(), line.firstByteAt()), method,
                        maxBody, stamps);
            } catch (StageFailure failure) {
                if (failure.io() instanceof DeadlineInput.Incomplete) {
                    return null; // more to come
                }
                throw failure;
            }
        }

        @Override
        public HttpAnswer late(IoLoop.Line line) throws IOException {
            throw new SocketTimeoutException("Read timed out");
        }
    }

    /** Whether {@link #begin} takes this spec's first exchange onto the loop. */
    public boolean onLoop(HttpSpec spec) {
        return transport.onLoop(spec.url(), "http", spec.proxy());
    }

    /**
     * Reads an answer: interim 1xx answers skipped, the body framed (chunked, length, until close), capped and decoded.
     * Fails in stage WAIT until the status line is read, READ after.
     */
    static HttpAnswer readAnswer(DeadlineInput in, String method, long maxBody, Stamps stamps) throws StageFailure {
        Stage stage = Stage.WAIT;
        try {
            int status = HttpHead.readStatus(in);
            stamps.firstByte = in.firstByteAt();
            stage = Stage.READ;
            Map<String, String> headers = HttpHead.readFields(in);
            while (status >= 100 && status < 200) { // 100 Continue and friends come before the answer
                status = HttpHead.readStatus(in);
                headers = HttpHead.readFields(in);
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean tooLarge = !noBody && readBody(in, headers, maxBody, body);
            byte[] bytes = body.toByteArray();
            String coding = headers.get("content-encoding");
            if (!noBody && !tooLarge && bytes.length > 0 && ContentCoding.decodable(coding)) {
                ContentCoding.Decoded decoded = ContentCoding.decode(bytes, coding, maxBody);
                bytes = decoded.body();
                tooLarge = decoded.tooLarge();
            }
            return new HttpAnswer(status, headers, bytes, tooLarge, null);
        } catch (IOException e) {
            throw new StageFailure(stage, e);
        }
    }

    /** Headers that carry credentials: never sent to another origin than the check's. */
    public static boolean carriesCredentials(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        return h.equals("authorization") || h.equals("cookie") || h.equals("proxy-authorization") || h.contains("token")
                || h.contains("api-key") || h.contains("apikey") || h.contains("secret") || h.contains("auth");
    }

    /** @param forwardingProxy a proxy that is sent the request itself (plain http): the target in absolute form */
    private static byte[] request(HttpSpec spec, URI url, String method, boolean sendBody, String host, int port,
                                  boolean tls, String bearer, boolean credentials, Proxy forwardingProxy) {
        String target = HttpHead.target(url);
        String hostHeader = Connector.hostHeader(host, port, tls ? 443 : 80);
        if (forwardingProxy != null) {
            target = "http://" + hostHeader + target;
        }
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
        byte[] headBytes = HttpHead.request(method, target, headers);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Reads the body into {@code out}, at most {@code cap} bytes; true when there was more. */
    private static boolean readBody(DeadlineInput in, Map<String, String> headers, long cap, ByteArrayOutputStream out)
            throws IOException {
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            while (true) {
                String sizeLine = in.readLine(HttpHead.MAX_LINE);
                if (sizeLine == null) {
                    throw new java.io.EOFException("the connection closed in the middle of a chunked body");
                }
                int semicolon = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size '" + HttpHead.printable(sizeLine) + "'");
                }
                if (size == 0) {
                    HttpHead.readTrailers(in, headers);
                    return false;
                }
                if (copy(in, size, cap, out)) {
                    return true;
                }
                in.readLine(HttpHead.MAX_LINE);
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
                throw new ProtocolException("bad Content-Length '" + HttpHead.printable(value) + "'");
            }
            if (one < 0 || size >= 0 && one != size) {
                throw new ProtocolException("conflicting Content-Length '" + HttpHead.printable(value) + "'");
            }
            size = one;
        }
        return size;
    }

    /** Copies up to {@code size} bytes (stopping early at EOF only when size is unknown); true when past the cap. */
    private static boolean copy(DeadlineInput in, long size, long cap, ByteArrayOutputStream out) throws IOException {
        long left = size;
        byte[] buffer = new byte[(int) Math.min(8192, left)]; // a known small body needs no 8 KB buffer (one per check)
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
}
