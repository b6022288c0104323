package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.TlsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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

    private static final String ID = "greenlightTls";
    private static final Map<String, PostgresTls> BY_ID = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final SSLSocketFactory sockets;
    private final boolean insecure;

    private PostgresTls(SSLSocketFactory sockets, boolean insecure) {
        this.sockets = sockets;
        this.insecure = insecure;
    }

    /** What the driver makes (by reflection): the factory of the check whose id its properties carry. */
    public PostgresTls(Properties properties) {
        this(registered(properties));
    }

    private PostgresTls(PostgresTls registered) {
        this(registered.sockets, registered.insecure);
    }

    private static PostgresTls registered(Properties properties) {
        PostgresTls tls = BY_ID.get(String.valueOf(properties.getProperty(ID)));
        if (tls == null) {
            throw new IllegalStateException("no TLS options registered for this connection");
        }
        return tls;
    }

    /** A check's TLS, ready to be named in its connections' properties. */
    static String register(TlsOptions options, HttpTransport transport) {
        String id = "postgres-" + IDS.incrementAndGet();
        BY_ID.put(id, new PostgresTls(transport.tls(options), options.insecure()));
        return id;
    }

    /** Properties of a login over TLS with the check's options registered as {@code id}: TLS or no connection. */
    static void into(Properties properties, String id) {
        properties.setProperty("sslmode", "require"); // encrypted or nothing; this factory checks the certificate
        properties.setProperty("sslfactory", PostgresTls.class.getName());
        properties.setProperty(ID, id);
    }

    @Override
    public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
        SSLSocket ssl = (SSLSocket) sockets.createSocket(plain, host, port, autoClose);
        if (!insecure) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the address
            ssl.setSSLParameters(parameters);
        }
        return ssl;
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
