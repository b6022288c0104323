package dev.greenlight.probe.wire;

/**
 * How a check's TLS client trusts the server and shows itself: {@code insecure} (any certificate, no host name
 * check), {@code ca_file} (these CAs instead of the JVM's store; null: the JVM's) and {@code client_cert}/{@code
 * client_key} (null: none). Equal options share one TLS context per run.
 */
public record TlsOptions(boolean insecure, TrustedCas cas, ClientIdentity identity) {

    public static final TlsOptions VERIFIED = new TlsOptions(false, null, null);
    public static final TlsOptions INSECURE = new TlsOptions(true, null, null);

    public TlsOptions {
        if (insecure && cas != null) {
            throw new IllegalArgumentException("insecure trusts any certificate; a ca_file would not be used");
        }
    }

    public static TlsOptions insecure(boolean insecure) {
        return insecure ? INSECURE : VERIFIED;
    }

    /** Whom these options trust (this transport's TLS contexts, a JDBC driver's): null for the JVM's trust store. */
    public javax.net.ssl.TrustManager[] trustManagers() {
        if (insecure) {
            return new javax.net.ssl.TrustManager[] {TrustAll.manager()};
        }
        return cas == null ? null : new javax.net.ssl.TrustManager[] {cas.manager()};
    }

    /** The client certificate these options show: null for none. */
    public javax.net.ssl.KeyManager[] keyManagers() {
        return identity == null ? null : identity.keyManagers();
    }
}
