package dev.greenlight.preflight;

/**
 * A variable a deploy manifest gives a service.
 *
 * @param value     the literal value, or null when it comes from a secret reference
 * @param fromSecret the value comes from a secret store (secretKeyRef, --set-secrets, a secret manager)
 */
public record EnvFact(String service, String name, String value, boolean fromSecret, Place place) {
}
