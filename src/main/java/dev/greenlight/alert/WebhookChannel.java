package dev.greenlight.alert;

import dev.greenlight.config.AlertsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A POST of the alert as JSON: Greenlight's own body, signed when the destination has a secret
 * ({@code X-Greenlight-Signature-256: sha256=HMAC-SHA256(secret, body)} in hex, as GitHub signs its webhooks), or
 * Slack's incoming-webhook body ({@code {"text": ...}}, which Mattermost, Rocket.Chat and Discord's /slack
 * endpoint also take). A 2xx answer is a delivery; anything else is retried.
 */
final class WebhookChannel implements Channel {

    static final String SIGNATURE_HEADER = "X-Greenlight-Signature-256";
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(java.time.Duration.ofSeconds(10)).build();

    private final AlertsConfig.Target target;
    private final boolean slack;
    private final URI url;

    WebhookChannel(AlertsConfig.Target target, boolean slack) {
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
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(target.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "greenlight")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!slack) {
            request.header("X-Greenlight-Event", event.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .header("X-Greenlight-Delivery", deliveryId);
            if (target.secret() != null) {
                request.header(SIGNATURE_HEADER, "sha256=" + Signatures.hmacSha256(target.secret(), body));
            }
        }
        HttpResponse<String> answer;
        try {
            answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException(describe() + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(describe() + ": interrupted", e);
        }
        if (answer.statusCode() / 100 != 2) {
            String said = answer.body() == null ? "" : answer.body().strip();
            throw new DeliveryException(describe() + " answered HTTP " + answer.statusCode()
                    + (said.isEmpty() ? "" : ": " + (said.length() > 200 ? said.substring(0, 200) + "..." : said)), null);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
