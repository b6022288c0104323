package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher users run ({@code ./greenlight}) finds its jar wherever it is started from and however it is named, and
 * its JVM flags print nothing of their own (a CompileCommand without "quiet" is echoed on stdout, where reports go).
 */
class LauncherIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private static String run(Path workingDirectory, String launcher) throws Exception {
        return run(workingDirectory, launcher, "");
    }

    private static String run(Path workingDirectory, String launcher, String javaOptions) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", launcher, "--version").directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().put("GREENLIGHT_JAVA_OPTS", javaOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        assertThat(process.exitValue()).as("exit of bash %s from %s: %s", launcher, workingDirectory, out).isZero();
        return out;
    }

    @Test
    void theLauncherFindsItsJarByARelativeOrAbsolutePathFromAnyDirectoryAndByItsBareName(@TempDir Path elsewhere) throws Exception {
        Path launcher = PROJECT.resolve("greenlight");
        String expected = Cli.run(java.util.Map.of(), "--version").stdout();
        assertThat(expected).startsWith("greenlight ");

        for (String path : List.of(elsewhere.relativize(launcher).toString(), launcher.toString())) {
            assertThat(run(elsewhere, path)).as("bash %s from %s", path, elsewhere).isEqualTo(expected);
        }
        assertThat(run(PROJECT, "greenlight")).as("bash greenlight from the project").isEqualTo(expected);
        assertThat(run(PROJECT.resolve("src"), "../greenlight")).as("bash ../greenlight from src").isEqualTo(expected);
    }

    /** The archive a run by a relative path trains names the jar by its real path, not through where the run started. */
    @Test
    void theClassDataArchiveTrainedByARunFromATemporaryDirectoryServesTheRunsAfterIt(@TempDir Path parent) throws Exception {
        Path launcher = PROJECT.resolve("greenlight");
        Path gone = Files.createDirectory(parent.resolve("gone"));
        Files.deleteIfExists(PROJECT.resolve("target/greenlight.jsa")); // the next run trains it again

        run(gone, gone.relativize(launcher).toString());
        Files.delete(gone);
        String trainedFor = Files.readString(PROJECT.resolve("target/greenlight.jsa.jar")).trim();
        String loads = run(PROJECT, "greenlight", "-Xlog:class+load=info");

        assertThat(trainedFor).as("the jar's real path").isEqualTo(PROJECT.resolve("target/greenlight.jar").toString());
        assertThat(loads).as("Main's class from the archive, not the jar").contains("dev.greenlight.cli.Main source: shared objects file");
    }

    /** An archive made for the jar at another path (the clone was moved) is made again, not silently left unused. */
    @Test
    void anArchiveMadeForTheJarAtAnotherPathIsMadeAgain() throws Exception {
        run(PROJECT, "greenlight"); // an archive for this path
        Files.writeString(PROJECT.resolve("target/greenlight.jsa.jar"), "/somewhere/else/target/greenlight.jar\n");

        String loads = run(PROJECT, "greenlight", "-Xlog:class+load=info");

        assertThat(Files.readString(PROJECT.resolve("target/greenlight.jsa.jar")).trim())
                .isEqualTo(PROJECT.resolve("target/greenlight.jar").toString());
        assertThat(loads).as("Main's class from the archive made again").contains("dev.greenlight.cli.Main source: shared objects file");
    }
}
