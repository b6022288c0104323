package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;
import dev.greenlight.probe.wire.TlsSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A postgres check's login over TLS ({@code tls: true}, with {@code ca_file}, {@code insecure}, {@code client_cert} and
 * {@code client_key} as an https check has them): the JDBC driver is given this socket factory, which trusts and shows
 * what the check's options say (PEM files, read as every check reads them) and checks the server's name as an https
 * check does. The driver itself would want its own files (a client key in PKCS-8 DER) and could fall back to the clear:
 * with {@code sslmode=require} it cannot.
 *
 * <p>The driver makes its factory from a class name and the connection's properties: each check's factory is found by
 * the id its properties carry ({@link #into}).
 */
public final class PostgresTls extends SSLSocketFactory {

    private static final DriverRegistry<PostgresTls> REGISTERED = new DriverRegistry<>("postgres");
    /**
     * The TLS socket the driver last made for each check: its login's connection (made on a thread of the driver's when
     * it bounds the login's time, so not found by thread). A check's attempts never run at once.
     */
    private static final Map<String, SSLSocket> MADE = new ConcurrentHashMap<>();

    private final String id;
    private final SSLSocketFactory sockets;
    private final boolean insecure;

    private PostgresTls(String id, SSLSocketFactory sockets, boolean insecure) {
        this.id = id;
        this.sockets = sockets;
        this.insecure = insecure;
    }

    /** What the driver makes (by reflection): the factory of the check whose id its properties carry. */
    public PostgresTls(Properties properties) {
        this(registered(properties));
    }

    private PostgresTls(PostgresTls registered) {
        this(registered.id, registered.sockets, registered.insecure);
    }

    private static PostgresTls registered(Properties properties) {
        PostgresTls tls = REGISTERED.of(properties);
        if (tls == null) {
            throw new IllegalStateException("no TLS options registered for this connection");
        }
        return tls;
    }

    /** A check's TLS, ready to be named in its connections' properties. */
    static String register(TlsOptions options, HttpTransport transport) {
        return REGISTERED.register(id -> new PostgresTls(id, transport.tls(options), options.insecure()));
    }

    /** Properties of a login over TLS with the check's options registered as {@code id}: TLS or no connection. */
    static void into(Properties properties, String id) {
        properties.setProperty("sslmode", "require"); // encrypted or nothing; this factory checks the certificate
        properties.setProperty("sslfactory", PostgresTls.class.getName());
        properties.setProperty(DriverRegistry.PROPERTY, id);
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) sockets.createSocket(plain, host, port, autoClose);
        if (!insecure) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the address
            ssl.setSSLParameters(parameters);
        }
        MADE.put(id, ssl);
        return ssl;
    }

    /**
     * The TLS session of the login the check registered as {@code id} just made (its certificate for {@code
     * [CERTIFICATE_EXPIRATION]} and the report's evidence); null when none was made. Taken once.
     */
    static TlsSession takeSession(String id) {
        SSLSocket ssl = MADE.remove(id);
        return ssl == null ? null : TlsSession.of(ssl);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return sockets.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return sockets.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return sockets.createSocket(host, port, local, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return sockets.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return sockets.createSocket(host, port, local, localPort);
    }
}
