package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF that preflight and audit write, checked by Microsoft's own validator ({@code @microsoft/sarif-multitool}
 * from npm, installed by .ci/run under ~/.cache/greenlight-tools): no error, and the analysis completes.
 */
class SarifIT {

    private static final Path TOOL = Path.of(System.getProperty("user.home"), ".cache", "greenlight-tools", "node_modules",
            ".bin", "sarif-multitool");

    @TempDir
    Path dir;

    @Test
    void preflightAndAuditSarifPassMicrosoftsValidator() throws Exception {
        assertThat(TOOL).as("run .ci/run: it installs @microsoft/sarif-multitool").isExecutable();
        Path preflight = dir.resolve("preflight.sarif");
        Path audit = dir.resolve("audit.sarif");
        Cli.run(Map.of(), "preflight", "src/test/resources/preflight/incident", "--format", "sarif", "-o", preflight.toString());
        Cli.run(Map.of(), "audit", "src/test/resources/audit/fixtures", "--format", "sarif", "-o", audit.toString());

        for (Path sarif : List.of(preflight, audit)) {
            String out = validate(sarif);
            assertThat(out).as(out).contains("Analysis completed successfully").doesNotContainPattern(": error [A-Z]+[0-9]+:");
        }
        Path broken = dir.resolve("broken.sarif");
        Files.writeString(broken, Files.readString(preflight).replace("\"version\" : \"2.1.0\",", ""));
        assertThat(validate(broken)).as("the validator does find errors").containsPattern(": error JSON[0-9]+:");
    }

    private static String validate(Path sarif) throws Exception {
        Process p = new ProcessBuilder(TOOL.toString(), "validate", sarif.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
