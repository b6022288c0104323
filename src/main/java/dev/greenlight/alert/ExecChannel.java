package dev.greenlight.alert;

import dev.greenlight.config.AlertsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command per alert: the alert's JSON on stdin, its main facts in {@code GREENLIGHT_ALERT_*} variables. Exit
 * 0 is a delivery; another exit, a command that cannot start, or one past its timeout (killed) is retried.
 */
final class ExecChannel implements Channel {

    private final AlertsConfig.Target target;

    ExecChannel(AlertsConfig.Target target) {
        this.target = target;
    }

    @Override
    public String key() {
        return "exec:" + Channel.hash(String.join("\u0000", target.command()) + "#" + target.line());
    }

    @Override
    public String describe() {
        return "exec " + target.command().get(0);
    }

    @Override
    public void deliver(AlertEvent event, String deliveryId) throws DeliveryException {
        ProcessBuilder builder = new ProcessBuilder(target.command()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("GREENLIGHT_ALERT_EVENT", event.kind().name().toLowerCase(Locale.ROOT));
        env.put("GREENLIGHT_ALERT_SUMMARY", event.summary());
        env.put("GREENLIGHT_ALERT_SERVICE", event.service());
        env.put("GREENLIGHT_ALERT_SIGNATURE", event.signature());
        env.put("GREENLIGHT_ALERT_ENVIRONMENT", event.environment());
        env.put("GREENLIGHT_ALERT_FINGERPRINT", event.fingerprint());
        env.put("GREENLIGHT_ALERT_DELIVERY", deliveryId);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DeliveryException(describe() + ": cannot start (" + e.getMessage() + ")", e);
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(AlertPayload.json(event, deliveryId).getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // a command that does not read its stdin is fine
            }
            // its output is read on a side thread so that a chatty command cannot block on a full pipe
            java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!process.waitFor(target.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DeliveryException(describe() + ": still running after " + target.timeout().toSeconds() + " s (killed)", null);
            }
            if (process.exitValue() != 0) {
                String said;
                try {
                    said = output.get(1, TimeUnit.SECONDS).strip();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    said = "";
                }
                throw new DeliveryException(describe() + " exited " + process.exitValue()
                        + (said.isEmpty() ? "" : ": " + (said.length() > 200 ? said.substring(0, 200) + "..." : said)), null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DeliveryException(describe() + ": interrupted", e);
        }
    }
}
