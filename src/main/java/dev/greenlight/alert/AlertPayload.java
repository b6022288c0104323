package dev.greenlight.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The words of an alert: the JSON a webhook and a command receive, and the text a Slack-compatible webhook shows. */
final class AlertPayload {

    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CASCADES_IN_TEXT = 10;

    private AlertPayload() {
    }

    /** The webhook body: {@code event}, {@code summary}, the root cause, its cascades; stable field names (schema_version). */
    static String json(AlertEvent e, String deliveryId) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("source", "greenlight");
        root.put("event", e.kind().name().toLowerCase(Locale.ROOT));
        root.put("delivery_id", deliveryId);
        root.put("fingerprint", e.fingerprint());
        root.put("environment", e.environment());
        root.put("summary", e.summary());
        root.put("at", e.at());
        root.put("first_seen", e.firstSeen());
        root.put("runs", e.runs());
        root.put("verdict", e.verdict());
        ObjectNode cause = root.putObject("root_cause");
        cause.put("service", e.service());
        cause.put("check", e.check());
        cause.put("signature", e.signature());
        cause.put("classification", e.classification());
        cause.put("priority", e.priority());
        if (e.version() != null) {
            cause.put("version", e.version()); // what the service said it runs: the release to look at, or roll back from
        }
        if (e.releasedSinceGo()) {
            cause.put("version_when_go", e.versionWhenGo()); // a release came between the last GO run and this failure
        }
        ArrayNode why = cause.putArray("why");
        e.why().forEach(why::add);
        if (!e.seenFrom().isEmpty() || !e.upFrom().isEmpty()) { // watch --location: where it is seen, where it is not
            ObjectNode where = root.putObject("locations");
            e.seenFrom().forEach(where.putArray("seen_from")::add);
            e.upFrom().forEach(where.putArray("up_from")::add);
        }
        ArrayNode cascades = root.putArray("cascades");
        for (AlertEvent.Cascade c : e.cascades()) {
            cascades.addObject().put("service", c.service()).put("check", c.check()).put("because", c.because());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a tree of strings always serializes", ex);
        }
    }

    /** Slack's incoming-webhook body: {@code {"text": ...}} in its mrkdwn, with &, < and > escaped as Slack asks. */
    static String slack(AlertEvent e) {
        String mark = switch (e.kind()) {
            case FIRING -> ":red_circle:";
            case REMINDER -> ":large_orange_circle:";
            case RESOLVED -> ":large_green_circle:";
        };
        StringBuilder text = new StringBuilder().append(mark).append(' ').append(escape(e.summary()));
        if (e.kind() != AlertEvent.Kind.RESOLVED) {
            e.why().stream().limit(3).forEach(w -> text.append("\n• ").append(escape(w)));
            if (!e.cascades().isEmpty()) {
                text.append("\n_Failing because of it:_ ");
                text.append(String.join(", ", e.cascades().stream().limit(MAX_CASCADES_IN_TEXT)
                        .map(c -> escape(c.check() == null ? c.service() : c.check())).toList()));
                if (e.cascades().size() > MAX_CASCADES_IN_TEXT) {
                    text.append(" and ").append(e.cascades().size() - MAX_CASCADES_IN_TEXT).append(" more");
                }
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("text", text.toString());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a tree of strings always serializes", ex);
        }
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Reads back an event the outbox kept in the store. */
    static AlertEvent event(String json) throws JsonProcessingException {
        return JSON.readValue(json, AlertEvent.class);
    }

    /** The event as the outbox keeps it (its own fields, not the webhook's shape). */
    static String stored(AlertEvent e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("an event of strings always serializes", ex);
        }
    }
}
