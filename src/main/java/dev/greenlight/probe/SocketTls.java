package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.probe.wire.TlsOptions;

/**
 * {@code tls: true} (with {@code insecure}, {@code ca_file}, {@code client_cert}, {@code client_key}) on a check that
 * speaks its protocol over a socket of its own (grpc, redis): the options of an https check, asked for.
 */
final class SocketTls {

    /** The keys a socket check takes for TLS, {@code tls} first. */
    static final String[] KEYS = {"tls", "insecure", "ca_file", "client_cert", "client_key"};

    private SocketTls() {
    }

    /** The check's TLS, or null for the clear; bad configuration when it gives TLS options without {@code tls: true}. */
    static TlsOptions read(Fields f, String what) throws ConfigException {
        boolean tls = f.bool("tls").orElse(false);
        for (int i = 1; i < KEYS.length; i++) {
            if (!tls && f.has(KEYS[i])) {
                throw new ConfigException(f.keyLocation(KEYS[i]), what + " has '" + KEYS[i] + "' but not 'tls: true'; it "
                        + "speaks in the clear without it");
            }
        }
        return tls ? HttpProbeKind.tlsOptions(f, what) : null;
    }
}
