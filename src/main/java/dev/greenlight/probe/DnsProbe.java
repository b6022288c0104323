package dev.greenlight.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

/**
 * Asks a DNS resolver (the JDK's DNS client) for one record type of a name: NXDOMAIN, a resolver that
 * answers with an error, one that does not answer, and unexpected addresses are each told apart.
 */
final class DnsProbe implements Probe {

    private final String name;
    private final String type;
    private final Endpoint resolver;
    private final Set<String> expected;

    DnsProbe(String name, String type, Endpoint resolver, Set<String> expected) {
        this.name = name;
        this.type = type;
        this.resolver = resolver;
        this.expected = Set.copyOf(expected);
    }

    @Override
    public String target() {
        return "dns " + type + " " + name + (resolver == null ? "" : " @" + resolver);
    }

    @Override
    public Observation observe(ProbeContext context, Clock clock) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, resolver == null ? "dns:" : "dns://" + resolver);
        // one try per server, each given the whole timeout
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(1, context.timeout().toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        try {
            InitialDirContext dns = new InitialDirContext(env);
            try {
                Attributes attributes = dns.getAttributes(name, new String[] {type});
                List<String> records = values(attributes.get(type));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (records.isEmpty()) {
                    return result(startedAt, took, FailureSignature.DNS_FAILURE, name + " exists but has no " + type + " record",
                            records);
                }
                if (!expected.isEmpty() && !expected.equals(Set.copyOf(records))) {
                    return result(startedAt, took, FailureSignature.DNS_UNEXPECTED_ADDRESS, name + " resolves to " + records
                            + ", expected " + expected.stream().sorted().toList(), records);
                }
                return result(startedAt, took, FailureSignature.NONE, name + " " + type + " " + records, records);
            } finally {
                dns.close();
            }
        } catch (NameNotFoundException e) {
            return result(startedAt, Duration.ofNanos(System.nanoTime() - start), FailureSignature.DNS_NXDOMAIN,
                    name + " does not exist (NXDOMAIN)", List.of());
        } catch (CommunicationException e) {
            return result(startedAt, Duration.ofNanos(System.nanoTime() - start), FailureSignature.DNS_TIMEOUT,
                    "the resolver " + (resolver == null ? "(system)" : resolver) + " did not answer in "
                            + context.timeout().toMillis() + " ms", List.of());
        } catch (NamingException e) {
            return result(startedAt, Duration.ofNanos(System.nanoTime() - start), FailureSignature.DNS_FAILURE,
                    "the resolver failed for " + name + ": " + e.getExplanation(), List.of());
        }
    }

    private Observation result(Instant startedAt, Duration took, FailureSignature signature, String detail,
                               List<String> records) {
        boolean answered = signature != FailureSignature.DNS_TIMEOUT;
        return new Observation(target(), startedAt, signature == FailureSignature.NONE, signature, detail,
                Timings.total(took), null, Map.of(), String.join(", ", records), answered, null, List.of(), took);
    }

    private static List<String> values(Attribute attribute) throws NamingException {
        List<String> out = new ArrayList<>();
        if (attribute != null) {
            NamingEnumeration<?> all = attribute.getAll();
            while (all.hasMore()) {
                out.add(String.valueOf(all.next()));
            }
        }
        return out;
    }
}
