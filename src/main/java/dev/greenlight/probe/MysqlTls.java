package dev.greenlight.probe;

import dev.greenlight.probe.wire.TlsOptions;
import java.sql.SQLException;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.plugin.TlsSocketPlugin;
import org.mariadb.jdbc.plugin.tls.main.DefaultTlsSocketPlugin;

/**
 * A mysql check's login over TLS ({@code tls: true}, with {@code ca_file}, {@code insecure}, {@code client_cert} and
 * {@code client_key} as an https check has them): MariaDB's driver asks this plugin (its {@code tlsSocketType}, found
 * by the JDK's service loader) whom to trust and which certificate to show, from the check's PEM files read as every
 * check reads them; the driver itself reads a keystore file, so a client certificate would otherwise need its key
 * written to disk. The server's name is checked by the driver's own verifier ({@code sslMode=verify-full}).
 *
 * <p>The driver makes its plugin once, for every connection: each check's options are found by the id its connection's
 * properties carry ({@link #into}).
 */
public final class MysqlTls implements TlsSocketPlugin {

    private static final String TYPE = "greenlight";
    private static final DriverRegistry<TlsOptions> REGISTERED = new DriverRegistry<>("mysql");

    /** A check's TLS, ready to be named in its connections' properties. */
    static String register(TlsOptions options) {
        return REGISTERED.register(id -> options);
    }

    /** Properties of a login over TLS with the options registered as {@code id}: TLS or no connection. */
    static void into(Properties properties, String id) {
        properties.setProperty("sslMode", REGISTERED.get(id).insecure() ? "trust" : "verify-full");
        properties.setProperty("tlsSocketType", TYPE);
        properties.setProperty(DriverRegistry.PROPERTY, id);
    }

    private static TlsOptions options(Configuration conf) throws SQLException {
        TlsOptions options = REGISTERED.of(conf.nonMappedOptions());
        if (options == null) {
            throw new SQLException("no TLS options registered for this connection");
        }
        return options;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory exceptionFactory, HostAddress host)
            throws SQLException {
        return options(conf).trustManagers();
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory exceptionFactory) throws SQLException {
        return options(conf).keyManagers();
    }

    @Override
    public void verify(String host, SSLSession session, long serverThreadId) throws SSLException {
        new DefaultTlsSocketPlugin().verify(host, session, serverThreadId); // the driver's check of the name
    }
}
