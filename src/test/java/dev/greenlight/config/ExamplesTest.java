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
import java.util.ArrayList;
import java.util.List;
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
    void theSchemaTakesEveryDurationTheLoaderTakes() throws ConfigException {
        for (String duration : List.of("500ms", "10s", "1.5s", "3m", "1h30m", "30d")) {
            String yaml = "settle: " + duration + "\nservices: { a: { url: \"http://127.0.0.1:1\", checks: { h: { http: / } } } }\n";
            assertThat(new ConfigLoader(Map.<String, String>of()::get).parse("plan.yaml", yaml).settle()).as(duration).isPositive();
            assertThat(SCHEMA.validate(read(yaml))).as(duration).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() {
        JsonNode misspelt = read("servics: { a: { checks: {} } }");
        JsonNode badRate = read("services: { a: { checks: {} } }\nphases: [{ name: p, checks: [a], min_pass_rate: 90 }]");

        assertThat(SCHEMA.validate(misspelt)).isNotEmpty();
        assertThat(SCHEMA.validate(badRate)).isNotEmpty();
    }

    /**
     * An editor that validates configs with the schema must accept every option the loader accepts: each probe's
     * options, as the loader lists them when given one it does not know, are all in the schema's object form of it.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"http", "websocket", "postgres", "mysql", "grpc", "redis", "tls", "cors", "dns"})
    void theSchemaKnowsEveryOptionOfEveryProbe(String probe) throws IOException {
        List<String> loader = optionsTheLoaderNames("services: { a: { url: \"http://127.0.0.1:1\", checks: { c: { " + probe
                + ": { not_an_option: 1 } } } } }\n");
        JsonNode definition = SCHEMA_TREE.at("/$defs/check/properties/" + probe);
        if (definition.has("$ref")) {
            definition = SCHEMA_TREE.at(definition.get("$ref").asText().substring(1));
        }
        for (JsonNode alternative : definition.path("oneOf")) {
            if (alternative.path("type").asText().equals("object")) {
                definition = alternative;
            }
        }

        assertThat(keys(definition)).as("the schema's options of " + probe).containsAll(loader);
    }

    @Test
    void theSchemaKnowsEveryTopLevelAndServiceKey() throws IOException {
        List<String> top = optionsTheLoaderNames("not_an_option: 1\nservices: { a: { checks: { c: { tcp: \"127.0.0.1:1\" } } } }\n");
        List<String> service = optionsTheLoaderNames("services: { a: { not_an_option: 1, checks: { c: { tcp: \"127.0.0.1:1\" } } } }\n");

        assertThat(keys(SCHEMA_TREE)).as("the schema's top-level keys").containsAll(top);
        assertThat(keys(SCHEMA_TREE.at("/$defs/service"))).as("the schema's service keys").containsAll(service);
    }

    private static final JsonNode SCHEMA_TREE = read(Path.of("schema/greenlight.schema.json"), new ObjectMapper());

    private static List<String> keys(JsonNode objectSchema) {
        List<String> keys = new ArrayList<>();
        objectSchema.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The keys the loader says it expects where a config has one it does not know ({@code not_an_option}). */
    private static List<String> optionsTheLoaderNames(String yaml) throws IOException {
        Path config = Files.createTempFile("greenlight-options", ".yaml");
        try {
            Files.writeString(config, yaml);
            new PlanBuilder(new HttpTransport()).build(new ConfigLoader(Map.<String, String>of()::get).load(config));
            throw new AssertionError("the loader accepted an unknown key: " + yaml);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains("not_an_option").contains("expected one of: ");
            return List.of(e.getMessage().substring(e.getMessage().indexOf("expected one of: ") + 17).split(", "));
        } finally {
            Files.delete(config);
        }
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
