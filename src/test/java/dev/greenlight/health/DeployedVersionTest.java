package dev.greenlight.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How services write the version they run, against the version a deploy expects. */
class DeployedVersionTest {

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1.4.2                                    | 1.4.2                          | CONFIRMED
            1.4.2                                    | v1.4.2                         | CONFIRMED
            v1.4.2                                   | 1.4.2                          | CONFIRMED
            1.4.2                                    | registry.example.com/api:1.4.2 | CONFIRMED
            1.4.2                                    | 1.4.2+3f9a2c1                  | CONFIRMED
            1.4.2                                    | 1.4.2-rc1                      | OTHER
            1.4.2                                    | 1.4.20                         | OTHER
            1.4.2                                    | 1                              | OTHER
            3f9a2c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a | 3f9a2c1                        | CONFIRMED
            3f9a2c1                                  | 3F9A2C1E5B7D4A6F8E0C2B4D6F8A0C2E4B6D8F0A | CONFIRMED
            3f9a2c1e5b7d                             | api@sha256:0000;3f9a2c1e5b7d   | CONFIRMED
            3f9a2c1e5b7d                             | 3f9a2c2                        | OTHER
            3f9a2c1e5b7d                             | 1.4.2+4e8b1d0                  | OTHER
            3f9a2c1e5b7d                             | 1                              | UNREPORTED
            3f9a2c1e5b7d                             | 20261128                       | UNREPORTED
            3f9a                                     | 3f9a2c1                        | OTHER
            1234567                                  | 1234567                        | CONFIRMED
            1234567                                  | 1234568                        | OTHER
            api-00042                                | api-00041                      | OTHER
            """)
    void aReportedVersionConfirmsContradictsOrSaysNothing(String expected, String reported, String outcome) {
        DeployedVersion.Outcome result = DeployedVersion.compare(expected, List.of(new DeployedVersion.Said("body 'version'", reported)));

        assertThat(result.getClass().getSimpleName().toUpperCase()).isEqualTo(outcome);
    }

    @Test
    void anyStatedVersionThatMatchesConfirms() {
        // IETF health+json: "version" is the API's public version, "releaseId" the release
        HealthReport body = HealthParser.parse("{\"status\": \"pass\", \"version\": \"1\", \"releaseId\": \"1.4.2\"}");

        assertThat(DeployedVersion.compare("1.4.2", DeployedVersion.said(body, Map.of())))
                .isEqualTo(new DeployedVersion.Confirmed(new DeployedVersion.Said("body 'releaseId'", "1.4.2")));
        assertThat(DeployedVersion.compare("1.4.3", DeployedVersion.said(body, Map.of())))
                .isInstanceOf(DeployedVersion.Other.class);
    }

    @Test
    void versionHeadersAreReadAndOtherHeadersAreNot() {
        List<DeployedVersion.Said> said = DeployedVersion.said(HealthReport.NONE,
                Map.of("x-app-version", " 1.4.2 ", "server", "nginx/1.22.1", "x-request-id", "3f9a2c1e5b7d"));

        assertThat(said).containsExactly(new DeployedVersion.Said("header x-app-version", "1.4.2"));
    }
}
