package dev.greenlight.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The title and first headings of an HTML page, where a page says what it is (a maintenance page, an error page):
 * read from its first 8 KB, tags dropped, spaces folded. A page that merely mentions such words says so elsewhere.
 */
final class PageHeadings {

    private static final Pattern HEADINGS = Pattern.compile("(?is)<(title|h1|h2)[^>]*>(.*?)</\\1>");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final int READ = 8192;
    private static final int FIRST = 4;

    private PageHeadings() {
    }

    /** The first four, as written; empty when the body is not HTML. */
    static List<String> of(String body) {
        List<String> out = new ArrayList<>();
        if (body == null || body.indexOf('<') < 0) {
            return out;
        }
        Matcher m = HEADINGS.matcher(body.length() > READ ? body.substring(0, READ) : body);
        while (out.size() < FIRST && m.find()) {
            out.add(TAGS.matcher(m.group(2)).replaceAll(" ").replaceAll("\\s+", " ").trim());
        }
        return out;
    }

    /** A heading in lower case, its apostrophes (entities, the typographic one) as {@code '}. */
    static String plain(String heading) {
        return heading.toLowerCase(Locale.ROOT).replace("&rsquo;", "'").replace("&#39;", "'").replace("&#039;", "'")
                .replace("&#8217;", "'").replace("&apos;", "'").replace('\u2019', '\'');
    }
}
