package dev.greenlight.alert;

import dev.greenlight.config.AlertsConfig;
import dev.greenlight.probe.wire.HttpAnswer;
import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.HttpWire;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A POST of the alert as JSON: Greenlight's own body, signed when the destination has a secret
 * ({@code X-Greenlight-Signature-256: sha256=HMAC-SHA256(secret, body)} in hex, as GitHub signs its webhooks), or
 * Slack's incoming-webhook body ({@code {"text": ...}}, which Mattermost, Rocket.Chat and Discord's /slack
 * endpoint also take). A 2xx answer is a delivery; anything else is retried. It goes out through the environment's
 * proxies ({@code HTTPS_PROXY}, {@code NO_PROXY}...), as the probes do.
 */
final class WebhookChannel implements Channel {

    static final String SIGNATURE_HEADER = "X-Greenlight-Signature-256";

    private final AlertsConfig.Target target;
    private final boolean slack;
    private final URI url;
    private final HttpTransport transport;

    /** @param transport the proxies of the environment, as the probes use them */
    WebhookChannel(AlertsConfig.Target target, boolean slack, HttpTransport transport) {
        this.transport = transport;
        this.target = target;
        this.slack = slack;
        this.url = URI.create(target.url());
    }

    @Override
    public String key() {
        return (slack ? "slack:" : "webhook:") + Channel.hash(target.url() + "#" + target.line());
    }

    @Override
    public String describe() {
        return (slack ? "slack " : "webhook ") + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    @Override
    public void deliver(AlertEvent event, String deliveryId) throws DeliveryException {
        String body = slack ? AlertPayload.slack(event) : AlertPayload.json(event, deliveryId);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!slack) {
            headers.put("X-Greenlight-Event", event.kind().name().toLowerCase(java.util.Locale.ROOT));
            headers.put("X-Greenlight-Delivery", deliveryId);
            if (target.secret() != null) {
                headers.put(SIGNATURE_HEADER, "sha256=" + Signatures.hmacSha256(target.secret(), body));
            }
        }
        HttpAnswer answer;
        try {
            answer = transport.post(url, headers, body, target.timeout());
        } catch (HttpWire.StageFailure e) {
            throw new DeliveryException(describe() + ": " + e.reason(), e);
        }
        if (answer.status() / 100 != 2) {
            String said = new String(answer.body(), StandardCharsets.UTF_8).strip();
            throw new DeliveryException(describe() + " answered HTTP " + answer.status()
                    + (said.isEmpty() ? "" : ": " + (said.length() > 200 ? said.substring(0, 200) + "..." : said)), null);
        }
    }
}
