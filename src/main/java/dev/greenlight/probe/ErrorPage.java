package dev.greenlight.probe;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a 2xx answer is an error page: "404 Not Found", "Page not found", "502 Bad Gateway", Spring's "Whitelabel
 * Error Page", nginx's "An error occurred.". Static hosts and CDNs configured to answer a missing path with an error
 * document and status 200 (the usual single-page-app hosting rule), an {@code error_page 502 =200}, a framework's
 * not-found view rendered with 200: each is green for a path or a service that is not there. Read from the title and
 * first headings ({@link PageHeadings}), which must start with what an error page says, not merely mention it
 * ("500 Startups", a status page's "Elevated 502 errors" incident).
 */
final class ErrorPage {

    private static final Pattern SAYS = Pattern.compile("(?x)^(error\\s*)?(40[0-9]|41[0-9]|5[0-9][0-9])"
            + "( \\s* [:\\-\\u2013|.(]? \\s* ( $ | error | not\\ found | page | this\\ page | forbidden | unauthorized"
            + " | internal\\ server\\ error | bad\\ gateway | service\\ unavailable | gateway\\ time-?out | bad\\ request"
            + " | method\\ not\\ allowed | gone | too\\ many\\ requests ) (?![a-z]) )"
            + "| ^(page|file|resource|site)?\\s*not\\ found\\b"
            + "| ^(the\\ |this\\ |that\\ |sorry,?\\ (the\\ |this\\ |that\\ )?)?page\\ (you\\ ('re|\\ are|\\ were)\\ looking\\ for\\ |you\\ requested\\ )?"
            + "(could\\ not|couldn't|cannot|can't|can\\ not)\\ be\\ found"
            + "| ^(the\\ |this\\ |that\\ )?page\\ (you\\ ('re|\\ are|\\ were)\\ looking\\ for\\ |you\\ requested\\ )?"
            + "(was\\ not\\ found|wasn't\\ found|does\\ not\\ exist|doesn't\\ exist|isn't\\ available|is\\ not\\ available)"
            + "| ^oops!?,?\\ (that\\ page|this\\ page|page|something\\ went\\ wrong)"
            + "| ^something\\ went\\ wrong\\b"
            + "| ^(internal\\ server\\ error|bad\\ gateway|gateway\\ time-?out)\\b"
            + "| ^whitelabel\\ error\\ page$ | ^an\\ error\\ (has\\ )?occurred\\.?$ | ^application\\ error$");

    private ErrorPage() {
    }

    /** Of a page's {@link PageHeadings}, the title or heading that says the page is an error's ({@code "404 Not Found"}), or null. */
    static String heading(List<String> headings) {
        for (String text : headings) {
            if (SAYS.matcher(PageHeadings.plain(text)).find()) {
                return text;
            }
        }
        return null;
    }
}
