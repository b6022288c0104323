package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher users run ({@code ./greenlight}) finds its jar wherever it is started from and however it is named. */
class LauncherIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();

    private static String run(Path workingDirectory, String launcher) throws Exception {
        Process process = new ProcessBuilder("bash", launcher, "--version").directory(workingDirectory.toFile())
                .redirectErrorStream(true).start();
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
}
