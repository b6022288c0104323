package dev.greenlight.probe;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a 2xx answer is a maintenance page ("We'll be back soon!", "Down for maintenance"): a maintenance switch in
 * front of the app (a flag file the web server looks for, a load balancer rule, a platform's maintenance mode) answers
 * every path, and a setup that serves it with 200 instead of 503 makes every check of the site pass. Read from the
 * page's title and first headings only, where such a page says what it is; a page that merely mentions maintenance
 * (a product for it, a status page's history) says so elsewhere.
 */
final class MaintenancePage {

    private static final Pattern HEADINGS = Pattern.compile("(?is)<(title|h1|h2)[^>]*>(.*?)</\\1>");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final List<String> SAYS = List.of("under maintenance", "for maintenance", "maintenance mode",
            "site maintenance", "maintenance in progress", "undergoing maintenance",
            "performing maintenance", "we'll be back soon", "we will be back soon", "we'll be back shortly", "be right back",
            "temporarily unavailable", "service unavailable");
    private static final int READ = 8192;

    private MaintenancePage() {
    }

    /** The title or heading that says the site is in maintenance ({@code "Site Maintenance"}), or null. */
    static String heading(String body) {
        if (body == null || body.indexOf('<') < 0) {
            return null;
        }
        Matcher m = HEADINGS.matcher(body.length() > READ ? body.substring(0, READ) : body);
        for (int seen = 0; m.find() && seen < 4; seen++) {
            String text = TAGS.matcher(m.group(2)).replaceAll(" ").replaceAll("\\s+", " ").trim();
            String plain = text.toLowerCase(Locale.ROOT).replace("&rsquo;", "'").replace("&#39;", "'").replace("&#039;", "'")
                    .replace("&#8217;", "'").replace("&apos;", "'").replace('\u2019', '\'');
            if (plain.equals("maintenance") || SAYS.stream().anyMatch(plain::contains)) {
                return text;
            }
        }
        return null;
    }
}
