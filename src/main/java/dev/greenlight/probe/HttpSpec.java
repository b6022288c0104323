package dev.greenlight.probe;

import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;

/** What an HTTP probe sends and how far it follows and reads. */
record HttpSpec(HttpUrl url, String method, Map<String, String> headers, String body, boolean followRedirects,
                int maxRedirects, long maxBody, boolean insecure) {

    HttpSpec {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static HttpSpec get(HttpUrl url) {
        return new HttpSpec(url, "GET", Map.of(), null, true, HttpProbeKind.DEFAULT_MAX_REDIRECTS,
                HttpProbeKind.DEFAULT_MAX_BODY, false);
    }
}
