package dev.greenlight.probe.wire;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Whether a certificate names a host (RFC 6125: SAN DNS names with a leftmost wildcard, SAN IPs; CN only without SANs). */
public final class HostNames {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNames() {
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("[0-9.]+");

    public static boolean isIpLiteral(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }

    public static boolean matches(X509Certificate certificate, String host) {
        String wanted = host.toLowerCase(Locale.ROOT);
        List<List<?>> sans = sans(certificate);
        boolean ip = isIpLiteral(wanted);
        boolean anyDns = false;
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
            if (type == SAN_IP && ip && sameAddress(value, wanted)) {
                return true;
            }
            if (type == SAN_DNS) {
                anyDns = true;
                if (!ip && dnsMatches(value, wanted)) {
                    return true;
                }
            }
        }
        if (!anyDns && !ip) {
            String cn = commonName(certificate);
            return cn != null && dnsMatches(cn.toLowerCase(Locale.ROOT), wanted);
        }
        return false;
    }

    /** IP literals compared as addresses: a certificate's "0:0:0:0:0:0:0:1" is the "::1" of a URL. */
    private static boolean sameAddress(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b)); // literals: parsed, not looked up
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static List<String> names(X509Certificate certificate) {
        List<String> out = new ArrayList<>();
        for (List<?> san : sans(certificate)) {
            out.add(String.valueOf(san.get(1)));
        }
        if (out.isEmpty() && commonName(certificate) != null) {
            out.add("CN=" + commonName(certificate));
        }
        return out;
    }

    private static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static List<List<?>> sans(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : List.copyOf(names);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String commonName(X509Certificate certificate) {
        for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
            if (part.trim().startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return null;
    }
}
