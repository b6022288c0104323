/**
 * Alerts of {@code greenlight watch}: when a root cause is worth telling ({@link dev.greenlight.alert.AlertPolicy}:
 * thresholds, reminders, maintenance windows, never on INCONCLUSIVE), what is told (one
 * {@link dev.greenlight.alert.AlertEvent} per root cause with its cascades folded in), and how it gets there (an
 * {@link dev.greenlight.alert.Outbox} that records every delivery in the store and retries with backoff until the
 * destination takes it: a signed webhook, a Slack-compatible webhook, or a command).
 */
package dev.greenlight.alert;
