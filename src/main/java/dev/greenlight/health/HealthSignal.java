package dev.greenlight.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Set;

/**
 * The least a health body tells: whether the service says it runs degraded
 * ({@code {"status": "degraded"}}, IETF health's {@code warn}). Full parsing per format comes later.
 */
public final class HealthSignal {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DEGRADED = Set.of("degraded", "warn", "warning", "partial");

    private HealthSignal() {
    }

    public static boolean saysDegraded(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{') {
            return false;
        }
        try {
            JsonNode status = JSON.readTree(body).get("status");
            return status != null && status.isTextual() && DEGRADED.contains(status.asText().toLowerCase(Locale.ROOT));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
