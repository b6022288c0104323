package dev.greenlight.report;

import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.Attempt;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each service's startup timeline as a small inline SVG: one dot per attempt of its checks along the run's time
 * (green passed, red failed), a mark where it became ready, and the state in words (ready after N ms, stuck at
 * phase X). Only services that were tried more than once, or have a startup state, get a chart.
 */
final class HtmlTimelines {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 34;
    private static final int MAX_CHARTS = 60;

    private final HtmlReport page;

    HtmlTimelines(HtmlReport page) {
        this.page = page;
    }

    void write(RunResult run, Diagnosis diagnosis) {
        Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
        for (CheckResult c : run.checks()) {
            attempts.computeIfAbsent(c.check().service(), s -> new ArrayList<>()).addAll(c.timeline());
        }
        List<String> services = attempts.keySet().stream()
                .filter(s -> attempts.get(s).size() > 1 || diagnosis.timelines().containsKey(s)).limit(MAX_CHARTS).toList();
        if (services.isEmpty()) {
            return;
        }
        long spanMs = Math.max(1, attempts.values().stream().flatMap(List::stream)
                .mapToLong(a -> a.at().plus(a.took()).toMillis()).max().orElse(1));
        StringBuilder out = page.out();
        out.append("<section id=\"timelines\"><h2>Startup timelines</h2><p class=\"dim\">0 to ").append(spanMs)
                .append(" ms of the run; a dot per attempt</p>\n");
        for (String service : services) {
            Diagnosis.Timeline t = diagnosis.timelines().get(service);
            out.append("<div class=\"timeline\"><span class=\"svc\">").append(page.esc(service)).append("</span>");
            chart(attempts.get(service), spanMs, t);
            out.append("<span class=\"state\">").append(page.esc(state(t, attempts.get(service)))).append("</span></div>\n");
        }
        out.append("</section>\n");
    }

    private void chart(List<Attempt> attempts, long spanMs, Diagnosis.Timeline t) {
        StringBuilder out = page.out();
        out.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\"><line x1=\"0\" y1=\"17\" x2=\"").append(WIDTH)
                .append("\" y2=\"17\" class=\"axis\"/>");
        if (t != null && t.readyAfterMs() != null) {
            int x = x(t.readyAfterMs(), spanMs);
            out.append("<line x1=\"").append(x).append("\" y1=\"2\" x2=\"").append(x).append("\" y2=\"32\" class=\"ready\"/>");
        }
        for (Attempt a : attempts) {
            out.append("<circle cx=\"").append(x(a.at().toMillis(), spanMs)).append("\" cy=\"17\" r=\"4\" class=\"")
                    .append(a.passed() ? "ok" : "bad").append("\"><title>").append(page.esc("attempt " + a.number() + " at "
                            + a.at().toMillis() + " ms: " + (a.passed() ? "passed" : a.signature().name())
                            + (a.startup().phase() == null ? "" : ", startup phase " + a.startup().phase())))
                    .append("</title></circle>");
        }
        out.append("</svg>");
    }

    private static int x(long ms, long spanMs) {
        return (int) Math.round(6 + (WIDTH - 12) * Math.min(1.0, (double) ms / spanMs));
    }

    private static String state(Diagnosis.Timeline t, List<Attempt> attempts) {
        long passed = attempts.stream().filter(Attempt::passed).count();
        String counts = passed + "/" + attempts.size() + " attempts passed";
        if (t == null) {
            return counts;
        }
        StringBuilder s = new StringBuilder(t.state().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (t.readyAfterMs() != null) {
            s.append(", ready after ").append(t.readyAfterMs()).append(" ms");
        }
        if (t.startupPhase() != null) {
            s.append(", at phase ").append(t.startupPhase());
        }
        if (Boolean.TRUE.equals(t.emergencyMode())) {
            s.append(", emergency mode ON");
        }
        return s.append(" (").append(counts).append(')').toString();
    }
}
