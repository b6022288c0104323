package dev.greenlight.config;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an address names the machine Greenlight runs on (a loopback address, {@code localhost}), and whether that
 * machine is a CI runner: where a config's {@code ${API_URL:-http://127.0.0.1:8080}} fell back to its default, such a
 * check talks to whatever the job started on the runner, not to the deployment.
 */
final class ThisMachine {

    private static final Pattern URL_HOST = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(\\[[^\\]]*\\]|[^/:?#]*)");
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[^\\]]*\\]|[^:/\\s\\[\\]]+)(?::\\d*)?$");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    private ThisMachine() {
    }

    /** Whether {@code address} (a URL, {@code host:port}, or a host) names this machine. */
    static boolean named(String address) {
        String text = address.strip();
        Matcher url = URL_HOST.matcher(text);
        Matcher hostPort = HOST_PORT.matcher(text);
        String host = url.find() ? url.group(1) : hostPort.matches() ? hostPort.group(1) : null;
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || LOOPBACK_V4.matcher(host).matches()
                || host.equals("::1") || host.equals("0.0.0.0") || host.equals("::");
    }

    /** The variable that says this runs in CI ({@code CI=true}, Jenkins, Azure Pipelines, TeamCity), or null. */
    static String ciSaidBy(Function<String, String> environment) {
        String ci = environment.apply("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0")) {
            return "CI=" + ci;
        }
        for (String name : new String[] {"JENKINS_URL", "TF_BUILD", "TEAMCITY_VERSION"}) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }
}
