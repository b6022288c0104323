package dev.greenlight.probe;

import java.util.Hashtable;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;

/**
 * Why a name did not resolve, asked of the DNS itself once the JVM's resolver has failed: the resolver said the
 * name does not exist ({@code DNS_NXDOMAIN}, a fault of the plan or of the DNS zone), it answered with an error
 * ({@code DNS_FAILURE}), or no resolver answered ({@code DNS_TIMEOUT}: Greenlight cannot observe from here).
 * The resolver is the system's, or the {@code greenlight.dns.resolver} system property ({@code host:port}).
 */
final class Unresolvable {

    static final String RESOLVER_PROPERTY = "greenlight.dns.resolver";
    private static final int TIMEOUT_MS = 1000;

    private Unresolvable() {
    }

    /** The host an {@link java.net.UnknownHostException} names ("api.example: Name or service not known"). */
    static String host(java.net.UnknownHostException e) {
        String message = String.valueOf(e.getMessage());
        String hostsFile = "Unable to resolve host "; // the JDK's words when jdk.net.hosts.file is the resolver
        if (message.startsWith(hostsFile)) {
            String rest = message.substring(hostsFile.length());
            return rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
        }
        int colon = message.indexOf(": ");
        return colon < 0 ? message.trim() : message.substring(0, colon).trim();
    }

    static FailureSignature why(String host) {
        if (host == null || host.isEmpty() || host.equals("null")) {
            return FailureSignature.DNS_FAILURE;
        }
        Hashtable<String, String> env = new Hashtable<>();
        String resolver = System.getProperty(RESOLVER_PROPERTY);
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, resolver == null || resolver.isBlank() ? "dns:" : "dns://" + resolver);
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(TIMEOUT_MS));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            InitialDirContext dns = new InitialDirContext(env);
            try {
                dns.getAttributes(host, new String[] {"A"});
                return FailureSignature.DNS_FAILURE; // the DNS knows it; the JVM's resolver did not (hosts, search, AAAA)
            } finally {
                dns.close();
            }
        } catch (NameNotFoundException e) {
            return FailureSignature.DNS_NXDOMAIN;
        } catch (CommunicationException e) {
            return FailureSignature.DNS_TIMEOUT;
        } catch (NamingException | RuntimeException e) {
            return FailureSignature.DNS_FAILURE;
        }
    }
}
