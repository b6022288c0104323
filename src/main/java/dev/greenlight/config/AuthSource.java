package dev.greenlight.config;

import java.util.List;

/**
 * A named way to obtain a credential for checks: OAuth2 client credentials ({@code token_url},
 * {@code client_id}, {@code client_secret}), a password grant ({@code username}, {@code password}),
 * or a static bearer {@code token}. Secret fields are registered in {@link Secrets}.
 */
public record AuthSource(String name, Location location, Kind kind, String tokenUrl, String clientId,
                         String clientSecret, String username, String password, String scope, String audience,
                         String token) {

    public enum Kind { CLIENT_CREDENTIALS, PASSWORD, BEARER }

    static AuthSource read(String name, Node node) throws ConfigException {
        Fields f = Fields.of(node, "auth source '" + name + "'", "token_url", "client_id", "client_secret",
                "username", "password", "scope", "audience", "token");
        Kind kind;
        if (f.has("token")) {
            for (String other : List.of("token_url", "client_id", "client_secret", "username", "password")) {
                if (f.has(other)) {
                    throw new ConfigException(f.keyLocation(other), "auth source '" + name
                            + "' has a static 'token' and '" + other + "'; use one or the other");
                }
            }
            kind = Kind.BEARER;
        } else {
            Values.httpUrl(f.required("token_url"), "'token_url' of auth source '" + name + "'",
                    "https://auth.example.com/oauth/token");
            kind = f.has("username") ? Kind.PASSWORD : Kind.CLIENT_CREDENTIALS;
            if (kind == Kind.PASSWORD) {
                f.required("password");
            } else {
                f.required("client_id");
                f.required("client_secret");
            }
        }
        return new AuthSource(name, f.location(), kind, f.string("token_url").orElse(null),
                f.string("client_id").orElse(null), f.string("client_secret").orElse(null),
                f.string("username").orElse(null), f.string("password").orElse(null),
                f.string("scope").orElse(null), f.string("audience").orElse(null), f.string("token").orElse(null));
    }

    @Override
    public String toString() {
        return "AuthSource[" + name + ", " + kind + "]";
    }
}
