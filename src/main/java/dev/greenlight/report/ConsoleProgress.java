package dev.greenlight.report;

import dev.greenlight.config.Secrets;
import dev.greenlight.config.Durations;
import dev.greenlight.plan.Attempt;
import dev.greenlight.plan.Check;
import dev.greenlight.plan.CheckProgress;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.Phase;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.ProgressListener;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live progress on stderr. On a terminal: one line per phase, rewritten as checks finish. Elsewhere
 * (CI logs): plain lines, one per phase start and end and one per check that did not pass.
 */
public final class ConsoleProgress implements ProgressListener {

    private final PrintStream err;
    private final boolean live;
    private final Style style;
    private final Secrets secrets;
    private final AtomicInteger failed = new AtomicInteger();
    private final boolean verbose;

    public ConsoleProgress(PrintStream err, boolean live, Style style, Secrets secrets) {
        this(err, live, style, secrets, false);
    }

    /** @param verbose also a line per attempt: the request and the head of the answer */
    public ConsoleProgress(PrintStream err, boolean live, Style style, Secrets secrets, boolean verbose) {
        this.verbose = verbose;
        this.err = err;
        this.live = live;
        this.style = style;
        this.secrets = secrets;
    }

    @Override
    public synchronized void phaseStarted(Phase phase) {
        failed.set(0);
        if (live) {
            err.print("\r" + phase.name() + ": 0/" + phase.checks().size());
        } else {
            err.println("phase " + phase.name() + ": " + phase.checks().size() + (phase.checks().size() == 1 ? " check" : " checks"));
        }
        err.flush();
    }

    /** With --verbose: "> GET http://... " then "< HTTP 503 in 12ms" and the answer's headers, per attempt. */
    @Override
    public synchronized void attempted(Check check, Attempt attempt, Observation observation) {
        if (!verbose) {
            return;
        }
        StringBuilder s = new StringBuilder("  > ").append(check.id()).append(" #").append(attempt.number()).append(' ')
                .append(observation.target()).append('\n');
        s.append("  < ").append(attempt.passed() ? "PASS" : attempt.signature()).append(" in ")
                .append(Durations.format(attempt.took()));
        if (observation.status() != null) {
            s.append(", HTTP ").append(observation.status());
        }
        s.append(": ").append(observation.detail()).append('\n');
        observation.headers().forEach((name, value) -> s.append("  <   ").append(name).append(": ").append(value).append('\n'));
        err.print(secrets.redact(s.toString()));
        err.flush();
    }

    @Override
    public synchronized void checkFinished(Phase phase, CheckResult result, int done, int total) {
        if (!result.passed()) {
            failed.incrementAndGet();
        }
        if (live) {
            err.print("\r\u001b[K" + phase.name() + ": " + done + "/" + total + " done"
                    + (failed.get() > 0 ? ", " + style.red(failed.get() + " not passed") : ""));
        } else if (!result.passed()) {
            err.println(secrets.redact("  " + result.status() + " " + result.check().id() + " " + result.signature()
                    + ": " + result.detail()));
        }
        err.flush();
    }

    /** While a phase waits (a long settle), a line every few seconds: in CI, stderr is never silent for minutes. */
    @Override
    public synchronized void stillWaiting(Phase phase, List<CheckProgress> running, Duration settleLeft) {
        StringBuilder line = new StringBuilder("phase ").append(phase.name()).append(": waiting for ")
                .append(running.size()).append(running.size() == 1 ? " check" : " checks");
        if (settleLeft != null) {
            line.append(", settle ends in ").append(Math.round(settleLeft.toMillis() / 1000.0)).append('s');
        }
        int shown = 0;
        for (CheckProgress p : running) {
            if (shown++ == 5) {
                line.append("; and ").append(running.size() - 5).append(" more");
                break;
            }
            String attempts = p.attempts() + (p.attempts() == 1 ? " attempt" : " attempts");
            line.append("; ").append(p.checkId()).append(' ').append(p.lastSignature() == null ? p.lastDetail()
                    : p.lastSignature() == FailureSignature.NONE ? "passing, confirming it holds (" + attempts + ")"
                    : p.lastSignature() + " after " + attempts);
        }
        err.println((live ? "\r\u001b[K" : "") + secrets.redact(line.toString()));
        err.flush();
    }

    @Override
    public synchronized void phaseFinished(PhaseResult result) {
        String line = "phase " + result.name() + ": " + result.status() + " (" + result.reason() + ")";
        err.println(live ? "\r\u001b[K" + line : line);
        err.flush();
    }
}
