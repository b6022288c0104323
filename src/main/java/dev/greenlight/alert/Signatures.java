package dev.greenlight.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How Greenlight signs what it POSTs: HMAC-SHA256 of the body in hex, as GitHub signs its webhooks. */
public final class Signatures {

    private Signatures() {
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}, in lower-case hex ({@code openssl dgst -sha256 -hmac} gives the same). */
    public static String hmacSha256(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
