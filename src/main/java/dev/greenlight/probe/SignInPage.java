package dev.greenlight.probe;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether redirects ended on a sign-in page rather than on what the check asked for: an auth proxy or an identity
 * provider in front of the service (oauth2-proxy, an ingress auth annotation, Okta, Keycloak, Entra ID) answering 200
 * with its login form. Followed blindly, that 200 is a green for a service nobody heard from: a health path that lost
 * its auth exemption in the deploy, or an app that no longer takes the check's token.
 */
final class SignInPage {

    /** A path segment of a sign-in page or an identity provider's endpoint. */
    private static final Pattern PATH = Pattern.compile("(?i)(^|/)(login|log-in|log_in|logon|signin|sign-in|sign_in|sso|saml2?"
            + "|oauth2?|authorize|openid-connect|adfs)(/|$|\\.)");
    /** The host of a sign-in service or a hosted identity provider. */
    private static final Pattern HOST = Pattern.compile("(?i)^(login|signin|sso|idp)\\.|(\\.okta\\.com|\\.oktapreview\\.com"
            + "|\\.auth0\\.com|\\.onelogin\\.com|\\.duosecurity\\.com|^login\\.microsoftonline\\.com|^accounts\\.google\\.com)$");
    /** A form that asks for a password. */
    private static final Pattern PASSWORD_FIELD = Pattern.compile("(?i)<input[^>]+type\\s*=\\s*[\"']?password");

    private SignInPage() {
    }

    /**
     * Whether {@code landed}, reached by redirects from {@code asked} and answering {@code body}, is a sign-in page that
     * {@code asked} is not (a check of the sign-in page itself is left alone).
     */
    static boolean redirectedTo(URI asked, URI landed, String body) {
        return !signIn(asked) && (signIn(landed) || body != null && PASSWORD_FIELD.matcher(body).find());
    }

    private static boolean signIn(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath().toLowerCase(Locale.ROOT);
        return PATH.matcher(path).find() || url.getHost() != null && HOST.matcher(url.getHost()).find();
    }
}
