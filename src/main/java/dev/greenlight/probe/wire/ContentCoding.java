package dev.greenlight.probe.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Decodes a gzip or deflate body for conditions and evidence, never past the body cap: a small gzip that inflates
 * to gigabytes (a "bomb") stops at the cap as BODY_TOO_LARGE instead of filling the memory.
 */
final class ContentCoding {

    /** The decoded body, and whether there was more than the cap. */
    record Decoded(byte[] body, boolean tooLarge) {
    }

    private ContentCoding() {
    }

    static boolean decodable(String contentEncoding) {
        String e = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return e.equals("gzip") || e.equals("x-gzip") || e.equals("deflate");
    }

    static Decoded decode(byte[] encoded, String contentEncoding, long cap) throws ProtocolException {
        String e = contentEncoding.trim().toLowerCase(Locale.ROOT);
        try {
            if (!e.equals("deflate")) {
                return read(new GZIPInputStream(new ByteArrayInputStream(encoded)), cap);
            }
            try {
                return read(new InflaterInputStream(new ByteArrayInputStream(encoded)), cap); // zlib, as RFC 9110 says
            } catch (ZipException raw) {
                return read(new InflaterInputStream(new ByteArrayInputStream(encoded), new Inflater(true)), cap); // bare deflate
            }
        } catch (IOException bad) {
            throw new ProtocolException("the body says Content-Encoding: " + e + " but does not decode (" + bad.getMessage() + ")");
        }
    }

    private static Decoded read(InputStream in, long cap) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long room = cap - out.size();
                if (n > room) {
                    out.write(buffer, 0, (int) Math.max(0, room));
                    return new Decoded(out.toByteArray(), true);
                }
                out.write(buffer, 0, n);
            }
            return new Decoded(out.toByteArray(), false);
        }
    }
}
