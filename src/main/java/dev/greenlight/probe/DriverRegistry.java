package dev.greenlight.probe;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a check hands a JDBC driver that the driver can only be given as text: a driver makes its socket factory or TLS
 * plugin from a class name and reads the connection's properties, so a check registers its object here and its
 * connections carry the object's id in the property {@link #PROPERTY}. Plans are built once per process (a watch too),
 * so the registry holds one entry per check that uses it.
 */
final class DriverRegistry<T> {

    /** The connection property that names a check's registered object. */
    static final String PROPERTY = "greenlightTls";

    private final String prefix;
    private final Map<String, T> byId = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    DriverRegistry(String prefix) {
        this.prefix = prefix;
    }

    /** Keeps the object made for a new id (it may keep its id); the id a connection's properties name it by. */
    String register(java.util.function.Function<String, T> made) {
        String id = prefix + "-" + ids.incrementAndGet();
        byId.put(id, made.apply(id));
        return id;
    }

    /** The object registered as {@code id}; null when none is. */
    T get(String id) {
        return byId.get(id);
    }

    /** The object a connection's properties name; null when they name none registered. */
    T of(Properties properties) {
        return byId.get(String.valueOf(properties.getProperty(PROPERTY)));
    }
}
