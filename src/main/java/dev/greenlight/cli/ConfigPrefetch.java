package dev.greenlight.cli;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.config.GreenlightConfig;
import dev.greenlight.plan.PlanRunner;
import dev.greenlight.report.RunContext;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads the config of a {@code verify} or {@code watch} on a second core while picocli builds the command: measured,
 * picocli took 150-210 ms of a cold start when its classes came from its released jar (Java 5 bytecode, verified the slow
 * way and kept out of the class-data archive; the build now compiles it from its sources), then 100-150 ms while it read
 * the commands' annotations by reflection, 50-60 ms with the commands declared in code ({@link Specs}); the config's
 * YAML and records take 30-40 ms for one check, 160-210 ms for 2,000, so the main thread now waits for them. The command takes the result only when its {@code -c} names the same file; anything else (another
 * file, an option this quick look does not understand) reads the config as before, so a wrong guess costs nothing but
 * the second core's time. A config that fails is said by the command, where it would have been.
 */
final class ConfigPrefetch {

    private record Prefetched(Path path, CompletableFuture<byte[]> bytes, CompletableFuture<GreenlightConfig> config) {
    }

    /** A config and the SHA-256 of the bytes it was read from (not of the file as it may be later). */
    record Loaded(GreenlightConfig config, String sha256) {
    }

    private static Prefetched pending;

    private ConfigPrefetch() {
    }

    /** Starts reading the config that {@code args} (verb first) names, if the verb reads one. */
    static synchronized void start(String[] args) {
        Path path = configArgument(args);
        if (path == null) {
            return;
        }
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        CompletableFuture<GreenlightConfig> config = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                byte[] read = ConfigLoader.read(path);
                bytes.complete(read);
                config.complete(loader().load(path, read));
            } catch (ConfigException | RuntimeException | Error e) {
                bytes.completeExceptionally(e);
                config.completeExceptionally(e);
            }
        }, "greenlight-config");
        reader.setDaemon(true);
        reader.start();
        pending = new Prefetched(path.toAbsolutePath().normalize(), bytes, config);
    }

    /**
     * The probe threads a plan of this size needs are started as soon as the YAML says it: one per check that runs on a
     * thread, a few for the plain-HTTP checks that wait on the I/O loop.
     */
    static void readyThreads(int concurrency, int checks, int plainHttp) {
        int threaded = checks - plainHttp + 1; // + 1: a preflight phase's check
        Warmup.readyProbeThreads(Math.min(concurrency, threaded + Math.min(plainHttp, PlanRunner.LOOP_FINISHERS)));
    }

    /**
     * The config at {@code path}: the one read ahead when it is that file, else read now. Its bytes are hashed while the
     * YAML is still being read on the other core: a command's main thread has nothing else to do then.
     */
    static Loaded load(Path path) throws ConfigException {
        Prefetched prefetched;
        synchronized (ConfigPrefetch.class) {
            prefetched = pending;
            pending = null;
        }
        if (prefetched == null || !prefetched.path().equals(path.toAbsolutePath().normalize())) {
            byte[] bytes = ConfigLoader.read(path);
            return new Loaded(loader().load(path, bytes), RunContext.sha256(bytes));
        }
        try {
            String sha256 = RunContext.sha256(prefetched.bytes().join());
            return new Loaded(prefetched.config().join(), sha256);
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConfigException problem) {
                throw problem;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static ConfigLoader loader() {
        return ConfigLoader.fromSystemEnvironment().probing().whenSized(ConfigPrefetch::readyThreads);
    }

    /** The file {@code -c}/{@code --config} names for verify and watch (their default when absent); null otherwise. */
    static Path configArgument(String[] args) {
        if (args.length == 0 || !(args[0].equals("verify") || args[0].equals("watch"))) {
            return null;
        }
        String file = "greenlight.yaml";
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if ((arg.equals("-c") || arg.equals("--config")) && i + 1 < args.length) {
                file = args[++i];
            } else if (arg.startsWith("--config=")) {
                file = arg.substring("--config=".length());
            } else if (arg.startsWith("-c") && arg.length() > 2) {
                file = arg.substring(2);
            }
        }
        try {
            return Path.of(file);
        } catch (RuntimeException e) {
            return null; // not a path: picocli or the command says so
        }
    }
}
