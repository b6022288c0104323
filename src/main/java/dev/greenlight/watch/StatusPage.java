package dev.greenlight.watch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnosis;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The watcher's page: the current verdict and root causes, firing alerts, the last rollback hook call, each service
 * with the version it said in the last run, a bar of its last runs and its uptime over them, where the watcher runs from, and whether the store is writable. One self-contained page (inline CSS, no script, no CDN).
 */
public final class StatusPage implements HttpHandler {

    private final WatchState state;
    private final Secrets secrets;

    public StatusPage(WatchState state, Secrets secrets) {
        this.state = state;
        this.secrets = secrets;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        byte[] page = render().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        exchange.sendResponseHeaders(200, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
        }
    }

    public String render() {
        List<WatchState.Snapshot> runs = state.runs();
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"15\"><title>greenlight watch</title><style>"
                + "body{font:14px system-ui,sans-serif;margin:24px;color:#1f2328}.go{color:#1a7f37}.bad{color:#cf222e}"
                + ".bar span{display:inline-block;width:8px;height:16px;margin-right:1px;background:#2da44e}"
                + ".bar span.down{background:#cf222e}td{padding:2px 10px}.warn{background:#fff8c5;padding:6px}</style></head><body>");
        if (state.storeProblem() != null) {
            out.append("<p class=\"warn\" id=\"store\">The store is unavailable: ").append(esc(state.storeProblem()))
                    .append(" (runs are kept in memory meanwhile)</p>");
        }
        if (runs.isEmpty()) {
            out.append("<h1 id=\"verdict\">no run yet</h1></body></html>");
            return out.toString();
        }
        WatchState.Snapshot last = runs.get(runs.size() - 1);
        out.append("<h1 id=\"verdict\" class=\"").append(last.verdict().equals("GO") ? "go" : "bad").append("\">")
                .append(esc(last.verdict())).append("</h1><p>last run ").append(esc(last.at().toString())).append(", ")
                .append(runs.size()).append(" runs shown")
                .append(state.location() == null ? "" : "; this watcher runs from <b id=\"location\">" + esc(state.location()) + "</b>")
                .append("</p>");
        if (!last.rootCauses().isEmpty()) {
            out.append("<h2>Root causes</h2><ul>");
            for (Diagnosis.RootCause r : last.rootCauses()) {
                out.append("<li class=\"root-cause\"><b>").append(esc(r.service())).append("</b> ")
                        .append(r.classification().name().toLowerCase(Locale.ROOT)).append(", ").append(esc(r.signature()))
                        .append(r.cascades().isEmpty() ? "" : " (cascades: " + esc(String.join(", ",
                                r.cascades().stream().map(Diagnosis.Cascade::service).toList())) + ")").append("</li>");
            }
            out.append("</ul>");
        }
        if (!state.firing().isEmpty() || state.pendingDeliveries() > 0) {
            out.append("<h2>Alerts</h2><ul>");
            for (dev.greenlight.alert.AlertEvent a : state.firing()) {
                out.append("<li class=\"alert\">").append(esc(a.summary())).append("</li>");
            }
            if (state.pendingDeliveries() > 0) {
                out.append("<li class=\"warn\" id=\"pending\">").append(state.pendingDeliveries())
                        .append(" deliveries not taken yet by their destination (retried)</li>");
            }
            out.append("</ul>");
        }
        if (state.lastHookCall() != null) {
            out.append("<h2>Rollback hook</h2><p id=\"hook\">last called ").append(esc(state.lastHookCall())).append("</p>");
        }
        Set<String> services = new LinkedHashSet<>();
        runs.forEach(r -> services.addAll(r.services().keySet()));
        out.append("<h2>Services</h2><table>");
        for (String service : services) {
            long seen = runs.stream().filter(r -> r.services().containsKey(service)).count();
            long up = runs.stream().filter(r -> Boolean.TRUE.equals(r.services().get(service))).count();
            String version = last.versions().get(service);
            out.append("<tr class=\"service\"><td>").append(esc(service)).append("</td><td class=\"version\">")
                    .append(version == null ? "" : esc(version)).append("</td><td class=\"bar\">");
            for (WatchState.Snapshot r : runs) {
                Boolean isUp = r.services().get(service);
                if (isUp != null) {
                    out.append("<span").append(isUp ? "" : " class=\"down\"").append(" title=\"").append(esc(r.at().toString()))
                            .append("\"></span>");
                }
            }
            out.append("</td><td>").append(String.format(Locale.ROOT, "%.1f%%", seen == 0 ? 0.0 : 100.0 * up / seen))
                    .append("</td></tr>");
        }
        return out.append("</table></body></html>").toString();
    }

    private String esc(String text) {
        return secrets.redact(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
