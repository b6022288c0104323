package dev.greenlight.alert;

import dev.greenlight.config.AlertsConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A destination of alerts. Delivering either succeeds or throws with the reason; the outbox retries. */
public interface Channel {

    /** A name that survives restarts and says nothing secret: the kind and a hash of the URL or the command. */
    String key();

    /** What the log and the page show: the kind and the host (never a path or a query, which may hold a token). */
    String describe();

    /** Delivers {@code event}; {@code deliveryId} is the same for every try of one delivery, so a receiver can drop repeats. */
    void deliver(AlertEvent event, String deliveryId) throws DeliveryException;

    /** Why a delivery did not go through this time. */
    final class DeliveryException extends Exception {
        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static Channel of(AlertsConfig.Target target, dev.greenlight.probe.wire.HttpTransport transport) {
        return switch (target.kind()) {
            case WEBHOOK -> new WebhookChannel(target, false, transport);
            case SLACK -> new WebhookChannel(target, true, transport);
            case EXEC -> new ExecChannel(target);
        };
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
