package dev.greenlight.probe;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an answer is a web server's own install page ("Welcome to nginx!", Apache's "It works!", IIS, Tomcat): the
 * server runs, but the site or app is not behind it (a server block or virtual host not loaded, a {@code server_name}
 * that does not match, an image built without the app's files). Or a platform's placeholder app (Cloud Run's "hello"
 * container, Azure App Service's and Heroku's welcome pages), which answers every path until a deploy replaces it:
 * a deploy that never did leaves it answering 200. Either's 200 is not the app's.
 */
final class DefaultPage {

    private record Known(Pattern title, String server) {
    }

    private static final List<Known> TITLES = List.of(
            new Known(Pattern.compile("^welcome to nginx!?$"), "nginx"),
            new Known(Pattern.compile("^welcome to openresty!?$"), "OpenResty"),
            new Known(Pattern.compile("^apache2 (debian|ubuntu) default page.*"), "Apache httpd"),
            new Known(Pattern.compile("^test page for the (apache )?http server.*"), "Apache httpd"),
            new Known(Pattern.compile("^iis windows( server)?$|^internet information services$"), "IIS"),
            new Known(Pattern.compile("^apache tomcat/[0-9.]+$"), "Tomcat"),
            new Known(Pattern.compile("^caddy works!?$"), "Caddy"),
            // a platform's placeholder app, which the service runs until a deploy replaces its image
            new Known(Pattern.compile("^congratulations \\| cloud run$"), "Cloud Run's placeholder container (hello)"),
            new Known(Pattern.compile("^microsoft azure app service - welcome$"), "Azure App Service's placeholder"),
            new Known(Pattern.compile("^heroku \\| welcome to your new app!?$"), "Heroku's placeholder"));
    private static final Pattern TITLE = Pattern.compile("(?is)<title>\\s*(.*?)\\s*</title>");
    /** httpd's own index.html, which has no title: the whole page. */
    private static final Pattern IT_WORKS = Pattern.compile("(?is)\\s*<html>\\s*<body>\\s*<h1>\\s*It works!\\s*</h1>\\s*</body>"
            + "\\s*</html>\\s*");

    private DefaultPage() {
    }

    /** The server whose install page {@code body} is ({@code nginx}), or null. */
    static String server(String body) {
        if (body == null) {
            return null;
        }
        String head = body.length() > 4096 ? body.substring(0, 4096) : body;
        if (IT_WORKS.matcher(head).matches()) {
            return "Apache httpd";
        }
        Matcher title = TITLE.matcher(head);
        if (!title.find()) {
            return null;
        }
        String t = title.group(1).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return TITLES.stream().filter(k -> k.title().matcher(t).matches()).map(Known::server).findFirst().orElse(null);
    }
}
