package dev.greenlight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.greenlight.condition.ConditionResult;
import dev.greenlight.config.Secrets;
import dev.greenlight.diagnose.Diagnoser;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.Attempt;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.PhaseResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.Timings;
import java.time.Duration;

/**
 * The JSON report. Its field names are a stable contract (README "JSON report"): add fields, never
 * rename or remove one. Secrets are masked in the finished text.
 */
public final class JsonReport {

    public static final int SCHEMA_VERSION = 1;
    private static final int BODY_EVIDENCE_CHARS = 2048;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(RunResult run, Secrets secrets) {
        return render(ReportInput.of(run, secrets));
    }

    public static String render(RunResult run, Diagnosis diagnosis, Secrets secrets) {
        return render(new ReportInput(run, diagnosis, secrets, RunContext.NONE, java.util.Optional.empty()));
    }

    /**
     * The format's renderer: its file is encoded by Jackson as it writes, with no text of the whole report in memory
     * (2.4 MB for 2,000 checks) unless a secret must be masked in the text too, as {@link #render} does.
     */
    static final Renderer RENDERER = new Renderer() {
        @Override
        public String render(ReportInput in) {
            return JsonReport.render(in);
        }

        @Override
        public void write(ReportInput in, java.io.OutputStream out) throws java.io.IOException {
            if (!in.secrets().isEmpty()) {
                Renderer.super.write(in, out);
                return;
            }
            JSON.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, tree(in));
            out.write('\n');
        }
    };

    public static String render(ReportInput in) {
        try {
            // structurally first (a secret with quotes or backslashes is escaped in the text), then the text too
            return in.secrets().redact(JSON.writeValueAsString(tree(in))) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }

    /** The report as a tree, its strings already masked: what {@link #render} writes and {@link SavedReport} reads. */
    public static JsonNode tree(ReportInput in) {
        RunResult run = in.run();
        Secrets secrets = in.secrets();
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("verdict", run.verdict().label());
        root.put("exit_code", run.exitCode());
        root.put("environment", run.environment());
        root.put("started_at", run.startedAt().toString());
        root.put("decided_after_ms", run.decidedAfter().toMillis());
        root.put("duration_ms", run.duration().toMillis());
        if (!in.context().commandLine().isEmpty()) {
            root.put("command", in.context().commandLine());
        }
        if (!in.context().configSha256().isEmpty()) {
            root.put("config_sha256", in.context().configSha256());
        }
        ArrayNode reasons = root.putArray("reasons");
        run.reasons().forEach(reasons::add);
        run.canary().ifPresent(c -> root.set("canary", check(c, secrets)));
        root.set("diagnosis", diagnosis(in.diagnosis()));
        in.diff().ifPresent(d -> root.set("baseline", baseline(d)));
        ArrayNode phases = root.putArray("phases");
        for (PhaseResult phase : run.phases()) {
            ObjectNode p = phases.addObject();
            p.put("name", phase.name());
            p.put("status", phase.status().name());
            p.put("pass_rate", Math.round(phase.passRate() * 10000) / 10000.0);
            p.put("passed", phase.passed());
            p.put("required", phase.required());
            p.put("reason", phase.reason());
            if (phase.decidedAfter() != null) {
                p.put("decided_after_ms", phase.decidedAfter().toMillis());
            }
            ArrayNode checks = p.putArray("checks");
            phase.checks().forEach(c -> checks.add(check(c, secrets)));
        }
        return redacted(root, secrets);
    }

    /** What changed since a baseline, as {@code greenlight diff --format json} prints it. */
    public static String renderDiff(RunDiff d, Secrets secrets) {
        try {
            return secrets.redact(JSON.writeValueAsString(redacted(baseline(d), secrets))) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the diff", e);
        }
    }

    private static ObjectNode baseline(RunDiff d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", d.baselineSource());
        n.put("verdict", d.verdict());
        n.put("verdict_before", d.baselineVerdict());
        n.put("started_at_before", d.baselineStartedAt());
        n.put("verdict_changed", d.verdictChanged());
        n.put("slow_factor", d.slowFactor());
        changes(n.putArray("new_failures"), d.newFailures());
        changes(n.putArray("fixed"), d.fixed());
        changes(n.putArray("still_failing"), d.stillFailing());
        changes(n.putArray("newly_slow"), d.newlySlow());
        ArrayNode versions = n.putArray("version_changes");
        d.versionChanges().forEach(v -> versions.addObject().put("service", v.service()).put("before", v.before()).put("after", v.after()));
        return n;
    }

    private static void changes(ArrayNode out, java.util.List<RunDiff.Change> changes) {
        for (RunDiff.Change c : changes) {
            ObjectNode n = out.addObject();
            n.put("id", c.id());
            n.put("service", c.service());
            n.put("before", c.beforeOutcome());
            n.put("after", c.afterOutcome());
            if (c.before() != null && c.before().latencyMs() != null) {
                n.put("latency_ms_before", c.before().latencyMs());
            }
            if (c.after().latencyMs() != null) {
                n.put("latency_ms_after", c.after().latencyMs());
            }
        }
    }

    /** Every string in the tree (values and field names) with its secrets masked, before serialization. */
    static JsonNode redacted(JsonNode node, Secrets secrets) {
        if (secrets.isEmpty()) {
            return node; // nothing to mask: no copy of a tree that has a node per check
        }
        if (node.isTextual()) {
            return TextNode.valueOf(secrets.redact(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(item -> out.add(redacted(item, secrets)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(secrets.redact(e.getKey()), redacted(e.getValue(), secrets)));
            return out;
        }
        return node;
    }

    private static ObjectNode diagnosis(Diagnosis d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("all_healthy", d.allHealthy());
        ArrayNode roots = n.putArray("root_causes");
        for (Diagnosis.RootCause r : d.rootCauses()) {
            ObjectNode rn = roots.addObject();
            rn.put("service", r.service());
            rn.put("check", r.check());
            rn.put("signature", r.signature());
            rn.put("classification", r.classification().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode why = rn.putArray("why");
            r.why().forEach(why::add);
            ArrayNode next = rn.putArray("next_checks");
            r.nextChecks().forEach(next::add);
            ObjectNode impact = rn.putObject("impact");
            impact.put("priority", r.impact().priority());
            impact.put("arr_at_risk", r.impact().arrAtRisk());
            impact.put("golden_path_blocked", r.impact().goldenPathBlocked());
            ArrayNode notes = impact.putArray("notes");
            r.impact().notes().forEach(notes::add);
            ArrayNode cascades = rn.putArray("cascades");
            for (Diagnosis.Cascade c : r.cascades()) {
                ObjectNode cn = cascades.addObject();
                cn.put("service", c.service());
                cn.put("check", c.check());
                cn.put("because", c.because());
            }
        }
        ArrayNode related = n.putArray("possibly_related");
        d.possiblyRelated().forEach(related::add);
        ArrayNode notes = n.putArray("notes");
        d.notes().forEach(notes::add);
        ArrayNode degraded = n.putArray("degraded");
        d.degraded().forEach(degraded::add);
        ObjectNode versions = n.putObject("versions");
        d.versions().forEach((service, v) -> {
            ObjectNode vn = versions.putObject(service);
            vn.put("version", v.version());
            vn.put("where", v.where());
            if (v.expected() != null) {
                vn.put("expected", v.expected());
                vn.put("confirmed", v.confirmed());
            }
        });
        ObjectNode timelines = n.putObject("timelines");
        d.timelines().forEach((service, t) -> {
            ObjectNode tn = timelines.putObject(service);
            tn.put("state", t.state());
            if (t.readyAfterMs() != null) {
                tn.put("ready_after_ms", t.readyAfterMs());
            }
            if (t.startupPhase() != null) {
                tn.put("startup_phase", t.startupPhase());
            }
            if (t.emergencyMode() != null) {
                tn.put("emergency_mode", t.emergencyMode());
            }
        });
        return n;
    }

    private static ObjectNode check(CheckResult c, Secrets secrets) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.check().id());
        n.put("service", c.check().service());
        n.put("status", c.status().name());
        n.put("signature", c.signature().name());
        n.put("detail", c.detail());
        n.put("critical", c.check().critical());
        n.put("flaky", c.flaky());
        n.put("degraded", c.degraded());
        n.put("attempts", c.attempts());
        n.put("duration_ms", c.duration().toMillis());
        c.firstSuccess().ifPresent(d -> n.put("first_success_ms", d.toMillis()));
        n.put("target", c.observation() != null ? c.observation().target() : c.check().probe().target());
        ArrayNode conditions = n.putArray("conditions");
        for (ConditionResult r : c.conditions()) {
            ObjectNode cn = conditions.addObject();
            cn.put("condition", r.condition());
            cn.put("success", r.success());
            cn.put("actual", r.actual());
        }
        if (c.observation() != null) {
            n.set("evidence", evidence(c.observation(), secrets));
        }
        if (c.samples() != null) {
            ObjectNode s = n.putObject("samples");
            s.put("count", c.samples().taken());
            s.put("passed", c.samples().passed());
            s.put("success_rate", c.samples().successRatePercent() / 100.0);
            s.put("p50_ms", c.samples().percentile(50).toMillis());
            s.put("p95_ms", c.samples().percentile(95).toMillis());
            s.put("p99_ms", c.samples().percentile(99).toMillis());
            s.put("max_ms", c.samples().max().toMillis());
        }
        ArrayNode timeline = n.putArray("timeline");
        for (Attempt a : c.timeline()) {
            ObjectNode t = timeline.addObject();
            t.put("attempt", a.number());
            t.put("at_ms", a.at().toMillis());
            t.put("took_ms", a.took().toMillis());
            t.put("passed", a.passed());
            t.put("signature", a.signature().name());
            if (a.status() != null) {
                t.put("http_status", a.status());
            }
            if (a.startup().phase() != null) {
                t.put("startup_phase", a.startup().phase());
            }
            if (a.startup().complete() != null) {
                t.put("startup_complete", a.startup().complete());
            }
            if (a.startup().emergencyMode() != null) {
                t.put("emergency_mode", a.startup().emergencyMode());
            }
        }
        return n;
    }

    private static ObjectNode evidence(Observation o, Secrets secrets) {
        ObjectNode e = JSON.createObjectNode();
        if (o.status() != null) {
            e.put("http_status", o.status());
        }
        Timings t = o.timings();
        ObjectNode timings = e.putObject("timings_ms");
        putMillis(timings, "dns", t.dns());
        putMillis(timings, "connect", t.connect());
        putMillis(timings, "tls", t.tls());
        putMillis(timings, "first_byte", t.firstByte());
        putMillis(timings, "total", t.total());
        if (!o.headers().isEmpty()) {
            ObjectNode headers = e.putObject("headers");
            o.headers().forEach(headers::put);
        }
        if (o.body() != null) {
            String body = secrets.redact(o.body()); // before it is cut: no part of a secret is left at the cut
            e.put("body", body.length() <= BODY_EVIDENCE_CHARS ? body : body.substring(0, BODY_EVIDENCE_CHARS));
            e.put("body_truncated", body.length() > BODY_EVIDENCE_CHARS);
        }
        if (!o.events().isEmpty()) {
            ArrayNode events = e.putArray("events");
            o.events().forEach(events::add);
        }
        putMillis(e, "latency_ms", o.latency());
        if (o.certificateExpiry() != null) {
            e.put("certificate_expires_in_hours", o.certificateExpiry().toHours());
        }
        if (o.tls() != null) {
            ObjectNode tls = e.putObject("tls");
            tls.put("version", o.tls().protocol());
            tls.put("cipher", o.tls().cipher());
            if (o.tls().subject() != null) {
                tls.put("certificate_subject", o.tls().subject());
                tls.put("certificate_issuer", o.tls().issuer());
            }
        }
        return e;
    }

    /** Timings in milliseconds with two decimals: loopback probes take well under one. */
    private static void putMillis(ObjectNode node, String field, Duration d) {
        if (d != null) {
            node.put(field, Math.round(d.toNanos() / 10_000.0) / 100.0);
        }
    }
}
