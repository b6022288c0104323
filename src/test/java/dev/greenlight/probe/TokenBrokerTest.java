package dev.greenlight.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenBrokerTest {

    @Test
    void jwtExpiryIsItsExpClaim() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"e2e\",\"exp\":1900000000}".getBytes(StandardCharsets.UTF_8));

        assertThat(TokenBroker.jwtExpiry("eyJhbGciOiJIUzI1NiJ9." + payload + ".c2ln"))
                .isEqualTo(Instant.ofEpochSecond(1900000000L));
    }

    @Test
    void anOpaqueTokenHasNoKnownExpiry() {
        assertThat(TokenBroker.jwtExpiry("opaque-token-value")).isNull();
        assertThat(TokenBroker.jwtExpiry("a.!!!.c")).isNull();
    }
}
