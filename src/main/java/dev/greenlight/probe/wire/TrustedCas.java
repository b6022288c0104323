package dev.greenlight.probe.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of a PEM {@code ca_file}, trusted instead of the JVM's store: a staging environment's own CA.
 * Read when the plan is built (a file that holds no certificate is a configuration error); two checks naming the same
 * file are equal, so they share one TLS context.
 */
public final class TrustedCas {

    private final Path file;
    private final X509TrustManager manager;

    private TrustedCas(Path file, X509TrustManager manager) {
        this.file = file;
        this.manager = manager;
    }

    /** Read once per file (and version of it) in a process: a plan of 2,000 checks naming one CA reads it once. */
    private static final java.util.Map<java.util.List<Object>, TrustedCas> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** @throws IllegalArgumentException saying what is wrong with the file */
    public static TrustedCas load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        java.util.List<Object> version;
        try {
            version = java.util.List.of(absolute, Files.getLastModifiedTime(absolute), Files.size(absolute));
        } catch (IOException e) {
            throw new IllegalArgumentException(unreadable(file, e));
        }
        TrustedCas known = READ.get(version);
        if (known != null) {
            return known;
        }
        TrustedCas read = read(file, absolute);
        READ.put(version, read);
        return read;
    }

    private static TrustedCas read(Path file, Path absolute) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException(file + " holds no PEM certificate");
            }
            return new TrustedCas(absolute, manager(store));
        } catch (IOException e) {
            throw new IllegalArgumentException(unreadable(file, e));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " holds no PEM certificate that can be read (" + e.getMessage() + ")");
        }
    }

    /** Why a PEM file named in the config cannot be read, in words ("does not exist" rather than the bare path). */
    static String unreadable(Path file, IOException e) {
        return file + (e instanceof java.nio.file.NoSuchFileException ? " does not exist"
                : e instanceof java.nio.file.AccessDeniedException ? " cannot be read: permission denied"
                : " cannot be read: " + e.getMessage());
    }

    /** The JVM's default trust (its cacerts, or {@code javax.net.ssl.trustStore}). */
    public static X509TrustManager jvmDefault() {
        try {
            return manager(null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's trust store cannot be read", e);
        }
    }

    private static X509TrustManager manager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X.509 trust manager in this JVM");
    }

    public X509TrustManager manager() {
        return manager;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedCas cas && cas.file.equals(file);
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
