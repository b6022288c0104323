package dev.greenlight.probe;

import dev.greenlight.probe.wire.Connector;
import dev.greenlight.probe.wire.ProxyTunnel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/** Turns the JDK's network exceptions into failure signatures. One place, shared by every protocol. */
final class NetworkErrors {

    private NetworkErrors() {
    }

    /**
     * A socket probe's exchange with {@code endpoint} that failed with {@code e}: cancelled, or what the exception says
     * ({@link #classify}), as the probe's observation.
     */
    static Observation observation(String target, java.time.Instant startedAt, long start, ProbeContext context, IOException e,
                                   boolean connected, Endpoint endpoint) {
        FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED : classify(e, connected);
        return Observation.failed(target, startedAt, signature, signature.meaning() + ": " + endpoint,
                Timings.total(java.time.Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Whether a database driver's I/O failure came after its TCP connect: not a refused connect, and not a timeout its
     * message says was the connect's ("connect timed out").
     */
    static boolean afterConnect(IOException e) {
        return !(e instanceof java.net.ConnectException) && !(e instanceof java.net.SocketTimeoutException
                && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect"));
    }

    /**
     * @param connected whether TCP was established before the failure (tells a connect timeout from a read timeout)
     */
    static FailureSignature classify(IOException e, boolean connected) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof ProxyTunnel.ProxyException proxy) {
            return proxy.targetFailed() ? FailureSignature.PROXY_TARGET_UNREACHABLE : FailureSignature.PROXY_FAILED;
        }
        if (e instanceof Connector.DnsDeadlineException) {
            return FailureSignature.DNS_TIMEOUT;
        }
        if (e instanceof UnknownHostException unknown) {
            return Unresolvable.why(Unresolvable.host(unknown));
        }
        if (e instanceof NoRouteToHostException || e instanceof PortUnreachableException
                || message.contains("network is unreachable") || message.contains("no route to host")) {
            return FailureSignature.NETWORK_UNREACHABLE;
        }
        if (e instanceof SSLException || hasCause(e, SSLException.class)) {
            return tls(e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return connected ? FailureSignature.READ_TIMEOUT : FailureSignature.CONNECT_TIMEOUT;
        }
        if (e instanceof ConnectException || message.contains("connection refused")) {
            return FailureSignature.CONNECTION_REFUSED;
        }
        if (message.contains("reset") || message.contains("broken pipe") || message.contains("unexpected end of stream")
                || e instanceof EOFException) {
            return FailureSignature.CONNECTION_RESET;
        }
        if (e instanceof ProtocolException || message.contains("protocol")) {
            return FailureSignature.PROTOCOL_ERROR;
        }
        if (e instanceof SocketException) {
            return FailureSignature.CONNECTION_RESET;
        }
        return FailureSignature.PROTOCOL_ERROR;
    }

    /**
     * A failed handshake named as the tls probe names it when the JDK says why the certificate was refused: expired,
     * not valid yet, an untrusted chain, a host it does not name; otherwise {@code TLS_FAILURE}.
     */
    static FailureSignature tls(Throwable e) {
        FailureSignature signature = FailureSignature.TLS_FAILURE;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return FailureSignature.TLS_EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException || t instanceof CertPathValidatorException v
                    && v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return FailureSignature.TLS_NOT_YET_VALID;
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof CertificateException && (message.startsWith("No subject alternative")
                    || message.startsWith("No name matching"))) {
                signature = FailureSignature.TLS_HOSTNAME_MISMATCH; // the JDK checks the name once the chain is trusted
            } else if (signature == FailureSignature.TLS_FAILURE && (t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException || message.contains("PKIX path"))) {
                signature = FailureSignature.TLS_UNTRUSTED;
            }
        }
        return signature;
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
