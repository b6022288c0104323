package dev.greenlight.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.finding.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule on a repository shaped like real ones (src/test/resources/preflight/*), and a clean one with no finding. */
class PreflightFixturesTest {

    private static List<Finding> preflight(String fixture) throws Exception {
        return Preflight.check(Preflight.scan(Path.of("src/test/resources/preflight", fixture)), Preflight.RULES);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            incident          | GL-P001:auth GL-P002:auth GL-P005:auth GL-P006:auth GL-P007:auth
            exec-form         | GL-P003:exec-form
            loopback-procfile | GL-P004:loopback-procfile
            k8s-target-port   | GL-P001:web GL-P008:web
            k8s-wiring        | GL-P008:web GL-P008:web-canary
            compose-wiring    | GL-P009:web GL-P009:worker
            compose-env       | GL-P006:api GL-P007:api
            code-listen       | GL-P001:admin GL-P001:web GL-P005:admin
            healthcheck-port  | GL-P001:healthcheck-port
            health-path       | GL-P011:api GL-P011:gosvc
            clean             |
            """)
    void eachFixtureGivesExactlyItsFindings(String fixture, String expected) throws Exception {
        Set<String> want = expected == null ? Set.of() : Set.of(expected.trim().split(" "));

        List<Finding> findings = preflight(fixture);

        assertThat(findings.stream().map(f -> f.ruleId() + ":" + f.suite()).collect(Collectors.toSet())).as(findings.toString())
                .isEqualTo(want);
    }

    @Test
    void filesWithAByteThatIsNotUtf8AreReadAsTheToolsThatDeployThemReadThemNotSkipped(@TempDir Path dir) throws Exception {
        Path original = Path.of("src/test/resources/preflight/incident");
        try (Stream<Path> files = Files.walk(original)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = Files.createDirectories(dir.resolve(original.relativize(file)).getParent()).resolve(file.getFileName());
                // a Latin-1 comment at the end of each (the line numbers of the findings stay)
                byte[] comment = "# r\u00e9sum\u00e9 of the caf\u00e9 service\n".getBytes(StandardCharsets.ISO_8859_1);
                Files.write(copy, concat(Files.readAllBytes(file), comment));
            }
        }
        Files.write(dir.resolve("auth/logo.yaml"), new byte[] {'a', ':', ' ', 0, (byte) 0xff, 0, '\n'}); // binary: skipped

        List<Finding> latin1 = Preflight.check(Preflight.scan(dir), Preflight.RULES);

        assertThat(latin1).extracting(Finding::message).isNotEmpty().isEqualTo(preflight("incident").stream()
                .map(Finding::message).toList());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aHealthCheckTestingAnotherPortThanTheServerBindsIsPortDriftAtItsLine() throws Exception {
        Finding drift = preflight("healthcheck-port").get(0);

        assertThat(drift.message()).contains("\n    Dockerfile:6: health check tests 8081   HEALTHCHECK --interval=10s")
                .contains("\n    Dockerfile:7: listens on 8080   CMD");
    }

    @Test
    void theIncidentsPortDriftListsEveryPlaceAndThePortThePlatformSendsTo() throws Exception {
        Finding drift = preflight("incident").stream().filter(f -> f.ruleId().equals("GL-P001")).findFirst().orElseThrow();

        assertThat(drift.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(drift.message()).isEqualTo("""
                auth: its ports disagree: the platform sends traffic to 8080 (and sets PORT to it)
                    auth/Dockerfile:13: exposes 8001   EXPOSE 8001
                    auth/Dockerfile:14: listens on $PORT, else 8001   CMD gunicorn app:app -c gunicorn_config.py --bind 0.0.0.0:${PORT:-8001}
                    auth/gunicorn_config.py:3: listens on 8081   bind = "0.0.0.0:8081"
                    deploy/deploy-auth.sh:7: platform sends to 8080   --port 8080 \\""".stripIndent());
    }

    @Test
    void aVariableTheCodeRequiresThatNoManifestProvidesIsNamedWithTheLineThatReadsIt() throws Exception {
        Finding missing = preflight("incident").stream().filter(f -> f.ruleId().equals("GL-P005")).findFirst().orElseThrow();

        assertThat(missing.file()).isEqualTo("auth/app/settings.py");
        assertThat(missing.line()).isEqualTo(3);
        assertThat(missing.message()).startsWith("auth: the code requires JWT_SECRET_KEY and no deploy manifest of the service "
                + "provides it (checked: deploy/deploy-auth.sh)").doesNotContain("DATABASE_URL and").doesNotContain("LOG_LEVEL");
    }

    @Test
    void aSecretValueNeverAppearsInAFindingEvenOnALineQuotedForAnotherRule() throws Exception {
        List<Finding> findings = preflight("incident");

        assertThat(findings).allSatisfy(f -> assertThat(f.message()).doesNotContain("hunter2"));
        assertThat(findings.stream().filter(f -> f.ruleId().equals("GL-P007")).findFirst().orElseThrow().message())
                .contains("DATABASE_PASSWORD=****");
    }

    @Test
    void anIgnoreCommentSilencesTheRuleItNamesOnItsLineAndTheNextOnly() throws Exception {
        Path root = Path.of("src/test/resources/preflight/suppressed");
        Suppressions.Result result = Suppressions.apply(root, Preflight.check(Preflight.scan(root), Preflight.RULES));

        assertThat(result.suppressed()).extracting(f -> f.ruleId() + "@" + f.file()).containsExactly("GL-P004@Dockerfile");
        // the comment names GL-P004 only: the same line's GL-P002 (Procfile sets PORT, the bind is literal) stays
        assertThat(result.kept()).extracting(f -> f.ruleId() + "@" + f.file())
                .containsExactlyInAnyOrder("GL-P002@Dockerfile", "GL-P004@Procfile");
    }

    @Test
    void gitIgnoredFilesAreNotReadAndAnIgnoredEnvFileIsWhereSecretsBelong() throws Exception {
        List<Finding> findings = preflight("compose-env");

        assertThat(findings).noneMatch(f -> f.file().startsWith("generated/")); // .gitignore: generated/
        assertThat(findings).noneMatch(f -> f.message().contains("API_TOKEN")); // .env.local is git-ignored
        assertThat(findings.stream().filter(f -> f.ruleId().equals("GL-P006")).findFirst().orElseThrow().message())
                .contains("SENTRY_TOKEN").contains(".env.shared:3: SENTRY_TOKEN=****").doesNotContain("committed-token-value");
    }

    @Test
    void masksAssignmentsButKeepsReferences() {
        assertThat(Masking.mask("--set-env-vars A=1,API_KEY=abc123,DB_PASSWORD=${DB_PASSWORD}"))
                .isEqualTo("--set-env-vars A=1,API_KEY=****,DB_PASSWORD=${DB_PASSWORD}");
        assertThat(Masking.mask("  JWT_SECRET: \"s3cr3t value\"")).isEqualTo("  JWT_SECRET: ****");
        assertThat(Masking.mask("JWT_SECRET_KEY = os.environ[\"JWT_SECRET_KEY\"]")).isEqualTo(
                "JWT_SECRET_KEY = os.environ[\"JWT_SECRET_KEY\"]");
    }

    @Test
    void aPlanWrittenFromProbesWithAQueryStringReadsBackWithThosePaths() throws Exception {
        String yaml = PlanWriter.yaml(Preflight.scan(Path.of("src/test/resources/preflight/health-path")), "staging");

        dev.greenlight.config.GreenlightConfig plan = new dev.greenlight.config.ConfigLoader(name -> null).parse("init.yaml", yaml);

        assertThat(plan.services().get("web").checks().get("health").probeOptions().toString()).contains("/ready?full=1");
        assertThat(yaml).contains("health: { http: \"/ready?full=1\", ").contains("health: { http: /healthz, ");
    }
}
