package dev.greenlight.probe;

import java.util.List;

/**
 * Whether a 2xx answer is a maintenance page ("We'll be back soon!", "Down for maintenance"): a maintenance switch in
 * front of the app (a flag file the web server looks for, a load balancer rule, a platform's maintenance mode) answers
 * every path, and a setup that serves it with 200 instead of 503 makes every check of the site pass. Read from the
 * page's title and first headings only ({@link PageHeadings}); a page that merely mentions maintenance (a product for
 * it, a status page's history) says so elsewhere.
 */
final class MaintenancePage {

    private static final List<String> SAYS = List.of("under maintenance", "for maintenance", "maintenance mode",
            "site maintenance", "maintenance in progress", "undergoing maintenance",
            "performing maintenance", "we'll be back soon", "we will be back soon", "we'll be back shortly", "be right back",
            "temporarily unavailable", "service unavailable");

    private MaintenancePage() {
    }

    /** Of a page's {@link PageHeadings}, the title or heading that says the site is in maintenance ({@code "Site Maintenance"}), or null. */
    static String heading(List<String> headings) {
        for (String text : headings) {
            String plain = PageHeadings.plain(text);
            if (plain.equals("maintenance") || SAYS.stream().anyMatch(plain::contains)) {
                return text;
            }
        }
        return null;
    }
}
