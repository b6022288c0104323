package dev.greenlight.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.greenlight.plan.PlanBuilder;
import dev.greenlight.probe.wire.HttpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example config in the repo validates against the published JSON Schema and builds a plan. */
class ExamplesTest {

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(read(Path.of("schema/greenlight.schema.json"), new ObjectMapper()));

    static Stream<Path> examples() throws IOException {
        return Files.list(Path.of("examples")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleValidatesAgainstTheSchema(Path example) {
        Set<ValidationMessage> problems = SCHEMA.validate(read(example, new YAMLMapper()));

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleLoadsAndPlans(Path example) throws ConfigException {
        GreenlightConfig config = new ConfigLoader(Map.<String, String>of()::get).load(example);

        assertThat(new PlanBuilder(new HttpTransport()).build(config).checkCount()).isPositive();
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() {
        JsonNode misspelt = read("servics: { a: { checks: {} } }");
        JsonNode badRate = read("services: { a: { checks: {} } }\nphases: [{ name: p, checks: [a], min_pass_rate: 90 }]");

        assertThat(SCHEMA.validate(misspelt)).isNotEmpty();
        assertThat(SCHEMA.validate(badRate)).isNotEmpty();
    }

    @Test
    void thereAreExamples() throws IOException {
        assertThat(examples()).hasSizeGreaterThanOrEqualTo(2);
    }

    private static JsonNode read(String yaml) {
        try {
            return new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(Path path, ObjectMapper mapper) {
        try {
            return mapper.readTree(path.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
