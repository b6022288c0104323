package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The class-data archive holds only what its training run loaded: the run must really take the paths real runs take,
 * TLS handshakes included, or the archive silently leaves them out (and every run's first https check pays for it).
 */
class CdsTrainingTest {

    @Test
    void theTrainingRunAnswersOverHttpAndBothTlsVersionsAndFailsWhereRealRunsFail() throws Exception {
        JsonNode report = new ObjectMapper().readTree(CdsTraining.train());
        Map<String, JsonNode> checks = new HashMap<>();
        report.get("phases").forEach(phase -> phase.get("checks").forEach(c -> checks.put(c.get("id").asText(), c)));

        assertThat(checks.get("web.health").get("status").asText()).isEqualTo("PASS");
        assertThat(checks.get("down.health").get("signature").asText()).isEqualTo("CONNECTION_REFUSED");
        assertThat(checks.get("secure.tls13").get("status").asText()).isEqualTo("PASS"); // each server speaks one version only
        assertThat(checks.get("secure.tls12").get("status").asText()).isEqualTo("PASS");
        assertThat(checks.get("secure.untrusted").get("signature").asText()).startsWith("TLS_");
        assertThat(checks.get("secure.certificate").get("signature").asText()).startsWith("TLS_");
    }
}
