package dev.greenlight.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.probe.wire.HttpTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One invalid fixture per validation rule (src/test/resources/config/invalid). Each fixture's first
 * line is {@code # expect: <the exact message>}; loading it must fail with exactly that message.
 */
class InvalidConfigTest {

    private static final Path FIXTURES = Path.of("src/test/resources/config/invalid");
    private static final String EXPECT = "# expect: ";

    static Stream<Path> fixtures() throws IOException {
        return Files.list(FIXTURES).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureFailsWithItsExactMessage(Path fixture) throws IOException {
        String text = Files.readString(fixture, StandardCharsets.UTF_8);
        assertThat(text).as("fixture starts with '%s'", EXPECT).startsWith(EXPECT);
        String expected = text.substring(EXPECT.length(), text.indexOf('\n'));
        String name = fixture.getFileName().toString();

        assertThatThrownBy(() -> loadAndPlan(name, text))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    static void loadAndPlan(String name, String text) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(Map.of("E2E_CLIENT_SECRET", "s3cr3t-value")::get);
        GreenlightConfig config = loader.parse(name, text);
        new PlanBuilder(new HttpTransport()).build(config);
    }
}
