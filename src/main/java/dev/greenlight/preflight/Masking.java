package dev.greenlight.preflight;

import java.util.regex.Pattern;

/**
 * Masks the values of secret-looking assignments in a quoted line ({@code DATABASE_PASSWORD=hunter2} becomes
 * {@code DATABASE_PASSWORD=****}), so a finding that shows a line never shows a secret from it.
 */
public final class Masking {

    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)([A-Z0-9_.-]*(?:SECRET|PASSWORD|PASSWD|TOKEN|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL)[A-Z0-9_.-]*\\s*[=:]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[^,\\s\"']+)");

    private Masking() {
    }

    public static String mask(String line) {
        return line == null ? null : ASSIGNMENT.matcher(line).replaceAll(m -> {
            String value = m.group(2);
            boolean reference = value.startsWith("${") || value.startsWith("$(") || value.contains(":latest")
                    || value.matches("[\"']?\\$\\{.*")
                    || value.matches("[A-Za-z_][\\w.]*[\\[(].*"); // code that reads it (os.environ[...]), not a value
            return java.util.regex.Matcher.quoteReplacement(m.group(1) + (reference ? value : "****"));
        });
    }
}
