package dev.greenlight.probe;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;

/**
 * What a database check's login needs: {@code {address, database, user, password, query, writable}} of a postgres or
 * mysql check. The password is a secret of the configuration (its key is {@code password}), never shown.
 *
 * @param writable the server must take writes: a standby or read-only server that answers is {@code READ_ONLY} (without
 *                 it, the check says such a server is one, and passes)
 */
record DatabaseLogin(String database, String user, String password, String query, boolean writable) {

    static final String DEFAULT_QUERY = "SELECT 1";

    /**
     * The login of {@code f}; null when it has no {@code user} (the check then only shakes hands), and bad configuration
     * when it has what only a login uses without one. {@code defaultDatabase}: null for none.
     */
    static DatabaseLogin of(Fields f, String what, String defaultDatabase) throws ConfigException {
        if (!f.has("user")) {
            for (String needsUser : new String[] {"database", "password", "query", "writable"}) {
                if (f.has(needsUser)) {
                    throw new ConfigException(f.keyLocation(needsUser), what + " has '" + needsUser
                            + "' but no 'user'; give a user to log in, or only 'address' for a handshake");
                }
            }
            return null;
        }
        return new DatabaseLogin(f.string("database").orElse(defaultDatabase), f.requiredString("user"),
                f.string("password").orElse(""), f.string("query").orElse(DEFAULT_QUERY), f.bool("writable").orElse(false));
    }

    @Override
    public String toString() {
        return "DatabaseLogin[" + database + ", " + user + "]";
    }
}
