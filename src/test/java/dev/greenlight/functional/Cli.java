package dev.greenlight.functional;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as a separate process, as users and CI do. */
final class Cli {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Cli() {
    }

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(Path.of(System.getProperty("greenlight.hosts", "src/test/resources/hosts")), env, args);
    }

    /** With {@code hosts} as the resolver of names (the JDK's hosts-file name service). */
    static Result run(Path hosts, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runOn(Path.of(System.getProperty("java.home"), "bin", "java"), hosts, env, args);
    }

    /** On the JVM {@code java} (another JDK than the tests' own). */
    static Result runOn(Path javaBinary, Path hosts, Map<String, String> env, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("greenlight.jar", "target/greenlight.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(),
                "-Djdk.net.hosts.file=" + hosts,
                "-Dgreenlight.dns.resolver=" + System.getProperty("greenlight.dns.resolver", "127.0.0.1:9"),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("NO_COLOR");
        builder.environment().remove("CI_JOB_STARTED_AT"); // a test run in a GitLab job audits as it would anywhere
        builder.environment().putAll(env);
        Path out = java.nio.file.Files.createTempFile("greenlight-out", ".txt");
        Path err = java.nio.file.Files.createTempFile("greenlight-err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("greenlight did not finish within 60 s: " + command);
        }
        Result result = new Result(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.delete(out);
        java.nio.file.Files.delete(err);
        return result;
    }
}
