package dev.greenlight.health;

import java.util.Locale;
import java.util.Map;

/**
 * Environment names as teams write them ({@code production}, {@code prd-eu-west-1}, {@code Staging}, {@code stg},
 * {@code pre-prod}), reduced to the environment they mean, to tell whether a health body's environment is another one
 * than the plan's. Only names that mean one known environment are compared: {@code blue}, {@code bench} or a name that
 * holds two of them say nothing.
 */
public final class Environments {

    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("production", "production"), Map.entry("prod", "production"), Map.entry("prd", "production"),
            Map.entry("live", "production"),
            Map.entry("preproduction", "preproduction"), Map.entry("preprod", "preproduction"),
            Map.entry("staging", "staging"), Map.entry("stage", "staging"), Map.entry("stg", "staging"),
            Map.entry("uat", "uat"), Map.entry("qa", "qa"),
            Map.entry("test", "test"), Map.entry("testing", "test"),
            Map.entry("development", "development"), Map.entry("dev", "development"),
            Map.entry("sandbox", "sandbox"), Map.entry("demo", "demo"), Map.entry("local", "local"));

    private Environments() {
    }

    /** The environment {@code name} means, or null when it means none or more than one. */
    public static String meaning(String name) {
        if (name == null) {
            return null;
        }
        // "pre-prod", "pre_production": one word, not a "prod"
        String text = name.toLowerCase(Locale.ROOT).replaceAll("\\bpre[-_ .]?(prod|production)\\b", "preproduction");
        String found = null;
        for (String word : text.split("[^a-z0-9]+")) {
            String meaning = MEANING.get(word);
            if (meaning != null) {
                if (found != null && !found.equals(meaning)) {
                    return null;
                }
                found = meaning;
            }
        }
        return found;
    }

    /** Whether the two names mean two different known environments. */
    public static boolean differ(String planned, String said) {
        String a = meaning(planned);
        String b = meaning(said);
        return a != null && b != null && !a.equals(b);
    }
}
