package dev.greenlight.probe;

import dev.greenlight.probe.wire.TlsSession;

import dev.greenlight.probe.wire.ClientIdentity;
import dev.greenlight.probe.wire.TrustAll;
import dev.greenlight.probe.wire.HostNames;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * Completes a TLS handshake whatever the certificate (so the certificate can be reported), then
 * judges it: expired, not yet valid, untrusted chain, or not naming the host each have their own
 * signature; the protocol version and the time left go into the evidence.
 */
final class TlsProbe implements Probe {

    private final Endpoint endpoint;
    private final String serverName;
    private final X509TrustManager trust;

    private final javax.net.ssl.SSLContext handshake;

    TlsProbe(Endpoint endpoint, String serverName, X509TrustManager trust, ClientIdentity identity) {
        this.handshake = TrustAll.context(identity); // any chain: judged after the handshake, with the evidence in hand
        this.endpoint = endpoint;
        this.serverName = serverName;
        this.trust = trust;
    }

    @Override
    public String target() {
        return "tls " + endpoint + (serverName.equals(endpoint.host()) ? "" : " (SNI " + serverName + ")");
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        return SocketExchange.run(target(), endpoint, context, clock, (plain, exchange) -> {
            // any chain is accepted during the handshake: the judging comes after, with the evidence in hand
            SSLSocket ssl = (SSLSocket) handshake.getSocketFactory()
                    .createSocket(plain, serverName, endpoint.port(), true);
            SSLParameters parameters = ssl.getSSLParameters();
            if (!HostNames.isIpLiteral(serverName)) {
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
            }
            ssl.setSSLParameters(parameters);
            ssl.startHandshake();
            Timings timings = exchange.timings(exchange.sinceConnected(System.nanoTime()), 0);
            X509Certificate[] chain = (X509Certificate[]) ssl.getSession().getPeerCertificates();
            return judge(exchange.startedAt(), timings, chain, ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite(),
                    clock.instant());
        }, (exchange, e, connected) -> {
            FailureSignature signature = context.cancelled() ? FailureSignature.CANCELLED
                    : e instanceof SSLException ? FailureSignature.TLS_FAILURE : NetworkErrors.classify(e, connected);
            if (signature == FailureSignature.READ_TIMEOUT) {
                signature = FailureSignature.TLS_FAILURE; // connected, and the handshake never completed
            }
            return exchange.failed(signature, signature.meaning() + ": " + endpoint
                    + (e instanceof SSLException ? " (" + e.getMessage() + ")" : ""),
                    Timings.total(Duration.ofNanos(System.nanoTime() - exchange.start())));
        });
    }

    private Observation judge(Instant startedAt, Timings timings, X509Certificate[] chain, String protocol, String cipher,
                              Instant now) {
        X509Certificate leaf = chain[0];
        String facts = protocol + ", " + cipher + ", subject " + leaf.getSubjectX500Principal().getName()
                + ", expires " + leaf.getNotAfter().toInstant();
        FailureSignature signature = FailureSignature.NONE;
        String problem = null;
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            signature = FailureSignature.TLS_EXPIRED;
            problem = "expired on " + leaf.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            signature = FailureSignature.TLS_NOT_YET_VALID;
            problem = "not valid before " + leaf.getNotBefore().toInstant();
        }
        if (signature == FailureSignature.NONE) {
            try {
                trust.checkServerTrusted(chain, leaf.getPublicKey().getAlgorithm().equals("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA");
            } catch (GeneralSecurityException e) {
                signature = FailureSignature.TLS_UNTRUSTED;
                problem = "untrusted chain (issuer " + chain[chain.length - 1].getIssuerX500Principal().getName() + "): "
                        + e.getMessage();
            }
        }
        if (signature == FailureSignature.NONE && !HostNames.matches(leaf, serverName)) {
            signature = FailureSignature.TLS_HOSTNAME_MISMATCH;
            problem = "does not name " + serverName + " (names: " + HostNames.names(leaf) + ")";
        }
        String detail = problem == null ? facts : signature.meaning() + ": " + problem + "; " + facts;
        return new Observation(target(), startedAt, signature == FailureSignature.NONE, signature, detail, timings, null,
                Map.of(), null, true, TlsSession.of(protocol, cipher, leaf, now));
    }
}
