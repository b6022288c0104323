package dev.greenlight.cli;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.Verdict;
import dev.greenlight.report.JsonReport;
import dev.greenlight.report.ReportInput;
import dev.greenlight.config.Durations;
import dev.greenlight.store.RunStore;
import dev.greenlight.probe.wire.HttpAnswer;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code verify --on-no-go COMMAND}: the incident's automated rollback, wired in a pipeline. Called once, after the
 * reports, when the gate failed (NO-GO or ABORTED); never for INCONCLUSIVE (Greenlight could not observe: rolling
 * back on that would act on no evidence), DEGRADED or GO. The command runs under {@code sh -c} with the verdict,
 * environment, root causes and exit code in GREENLIGHT_* variables and the JSON report on its standard input;
 * its output goes to stderr (secrets masked), its exit code is said, and the call is returned for the history to keep.
 */
final class RollbackHook {

    private RollbackHook() {
    }

    static boolean wanted(Verdict verdict) {
        return verdict == Verdict.NO_GO || verdict == Verdict.ABORTED;
    }

    /** What a hook printed that history keeps: its last 16 KB. */
    static final int KEPT_OUTPUT_CHARS = 16 * 1024;

    /** Runs the hook when the verdict wants it: the call (null when it was not called). */
    static RunStore.HookCall run(String command, Duration timeout, ReportInput in) {
        return run(new ProcessBuilder("sh", "-c", command), "--on-no-go", in.secrets().redact(command), timeout, in);
    }

    /**
     * The hook of the config's {@code on_no_go:} section: its command as argv (no shell), or its webhook, which is
     * POSTed the JSON report (signed with {@code X-Greenlight-Signature-256} when it has a secret) through the
     * environment's proxies, as the probes go; a 2xx answer is a success.
     */
    static RunStore.HookCall run(dev.greenlight.config.OnNoGoConfig hook, ReportInput in, HttpTransport transport) {
        if (hook.webhook() == null) {
            return run(new ProcessBuilder(hook.exec()), "on_no_go", in.secrets().redact(String.join(" ", hook.exec())),
                    hook.timeout(), in);
        }
        if (!called(in, "on_no_go")) {
            return null;
        }
        java.net.URI url = java.net.URI.create(hook.webhook());
        String shown = "on_no_go webhook " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        String body = JsonReport.render(in);
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Greenlight-Event", "no-go");
        if (hook.secret() != null) {
            headers.put("X-Greenlight-Signature-256", "sha256=" + dev.greenlight.alert.Signatures.hmacSha256(hook.secret(), body));
        }
        System.err.println("greenlight: " + in.run().verdict().label() + ": calling " + shown);
        long start = System.nanoTime();
        try {
            HttpAnswer answer = transport.post(url, headers, body, hook.timeout());
            System.err.println("greenlight: " + shown + " answered HTTP " + answer.status());
            return new RunStore.HookCall(shown, "HTTP " + answer.status(), null, answer.status() / 100 == 2,
                    millisSince(start), tail(in.secrets().redact(new String(answer.body(), StandardCharsets.UTF_8))));
        } catch (HttpWire.StageFailure e) {
            String why = in.secrets().redact(e.reason());
            System.err.println("greenlight: " + shown + " could not be reached: " + why);
            return new RunStore.HookCall(shown, "could not be reached: " + why, null, false, millisSince(start), "");
        }
    }

    /** Whether the hook is called for this verdict; INCONCLUSIVE says why it is not. */
    private static boolean called(ReportInput in, String name) {
        if (!wanted(in.run().verdict())) {
            if (in.run().verdict() == Verdict.INCONCLUSIVE) {
                System.err.println("greenlight: " + name + " not called: the verdict is INCONCLUSIVE (nothing was observed to act on)");
            }
            return false;
        }
        return true;
    }

    private static RunStore.HookCall run(ProcessBuilder builder, String name, String shown, Duration timeout, ReportInput in) {
        if (!called(in, name)) {
            return null;
        }
        String who = name + ": " + shown;
        builder.redirectErrorStream(true);
        builder.environment().put("GREENLIGHT_VERDICT", in.run().verdict().label());
        builder.environment().put("GREENLIGHT_EXIT_CODE", String.valueOf(in.run().exitCode()));
        builder.environment().put("GREENLIGHT_ENVIRONMENT", in.run().environment());
        builder.environment().put("GREENLIGHT_ROOT_CAUSES", in.diagnosis().rootCauses().stream()
                .map(r -> r.service() + ":" + r.signature()).collect(Collectors.joining(",")));
        builder.environment().put("GREENLIGHT_VERSIONS", in.diagnosis().versions().entrySet().stream()
                .map(v -> v.getKey() + "=" + v.getValue().version()).collect(Collectors.joining(",")));
        builder.environment().put("GREENLIGHT_CLASSIFICATIONS", in.diagnosis().rootCauses().stream()
                .map(Diagnosis.RootCause::classification).map(c -> c.name().toLowerCase(Locale.ROOT)).distinct()
                .collect(Collectors.joining(",")));
        System.err.println("greenlight: " + in.run().verdict().label() + ": calling " + name + ": " + shown);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            System.err.println("greenlight: " + name + " could not start: " + e.getMessage());
            return new RunStore.HookCall(who, "could not start: " + in.secrets().redact(String.valueOf(e.getMessage())), null,
                    false, millisSince(start), "");
        }
        StringBuilder output = new StringBuilder();
        Thread pump = new Thread(() -> copyOutput(process.getInputStream(), in, output), "on-no-go-output");
        pump.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(JsonReport.render(in).getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // the hook does not read its input: that is its choice
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                String outcome = "did not finish within " + Durations.format(timeout) + " and was stopped";
                System.err.println("greenlight: " + name + " " + outcome);
                pump.join(2000);
                return new RunStore.HookCall(who, outcome, null, false, millisSince(start), kept(output));
            }
            pump.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new RunStore.HookCall(who, "interrupted (Greenlight was stopped)", null, false, millisSince(start), kept(output));
        }
        long ms = millisSince(start);
        System.err.println("greenlight: " + name + " exited " + process.exitValue() + " after " + ms + " ms");
        return new RunStore.HookCall(who, "exited " + process.exitValue(), process.exitValue(), process.exitValue() == 0, ms,
                kept(output));
    }

    private static void copyOutput(InputStream out, ReportInput in, StringBuilder kept) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(out, StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> {
                String shown = in.secrets().redact(line);
                System.err.println("on-no-go: " + shown);
                synchronized (kept) {
                    kept.append(shown).append('\n');
                    if (kept.length() > 2 * KEPT_OUTPUT_CHARS) {
                        kept.delete(0, kept.length() - KEPT_OUTPUT_CHARS);
                    }
                }
            });
        } catch (IOException ignored) {
            // the hook closed its output
        }
    }

    private static String kept(StringBuilder output) {
        synchronized (output) {
            return tail(output.toString());
        }
    }

    private static String tail(String text) {
        return text.length() <= KEPT_OUTPUT_CHARS ? text : text.substring(text.length() - KEPT_OUTPUT_CHARS);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
