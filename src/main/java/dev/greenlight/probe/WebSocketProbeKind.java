package dev.greenlight.probe;

import dev.greenlight.probe.wire.HttpTransport;
import dev.greenlight.probe.wire.ProxyChoice;
import dev.greenlight.probe.wire.TlsOptions;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Fields;
import dev.greenlight.config.Node;
import dev.greenlight.config.Values;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code websocket: {url|path, headers, send, expect, match, order, ignore}}. Without url or path the
 * service's own url is the endpoint. {@code expect} lists events, each a name or
 * {@code {event: NAME, within: 120s}} or {@code {regex: "...", within: 5s}}.
 */
public final class WebSocketProbeKind implements ProbeKind {

    private final HttpTransport transport;

    public WebSocketProbeKind(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "websocket";
    }

    @Override
    public Probe prepare(Node options, Optional<String> serviceUrl, String checkId) throws ConfigException {
        String what = "'websocket' of check '" + checkId + "'";
        if (options instanceof Node.ScalarNode) {
            return new WebSocketProbe(transport, new WebSocketSpec(resolve(Values.string(options, what), serviceUrl, options, what),
                    Map.of(), List.of(), List.of(), "type", true, List.of(), WebSocketSpec.DEFAULT_MAX_MESSAGE, ProxyChoice.ENVIRONMENT,
                    TlsOptions.VERIFIED, WebSocketSpec.DEFAULT_STAY_OPEN, null));
        }
        Fields f = Fields.of(options, what, "url", "path", "headers", "send", "expect", "match", "order", "ignore",
                "max_message", "proxy", "insecure", "ca_file", "client_cert", "client_key", "stay_open", "namespace");
        if (f.has("url") && f.has("path")) {
            throw new ConfigException(f.keyLocation("path"), what + " has both 'url' and 'path'; give one");
        }
        Node target = f.node("url").or(() -> f.node("path")).orElse(null);
        URI url = target != null ? resolve(Values.string(target, what), serviceUrl, target, what)
                : resolve("", serviceUrl, options, what);
        Map<String, String> headers = new LinkedHashMap<>();
        if (f.has("headers")) {
            for (Map.Entry<String, Node> e : Fields.of(f.required("headers"), "'headers' of " + what).values().entrySet()) {
                headers.put(e.getKey(), Values.string(e.getValue(), "header '" + e.getKey() + "' of " + what));
            }
        }
        List<String> send = new ArrayList<>();
        if (f.has("send")) {
            Node node = f.required("send");
            if (node instanceof Node.ListNode list) {
                for (Node item : list.items()) {
                    send.add(Values.string(item, "an item of 'send' of " + what));
                }
            } else {
                send.add(Values.string(node, "'send' of " + what));
            }
        }
        String order = f.string("order").orElse("in_order");
        if (!order.equals("in_order") && !order.equals("any_order")) {
            throw new ConfigException(f.node("order").get().location(), "'order' of " + what
                    + " must be in_order or any_order, got '" + order + "'");
        }
        return new WebSocketProbe(transport, new WebSocketSpec(url, headers, send, expectations(f, what),
                f.string("match").orElse("type"), order.equals("in_order"), f.strings("ignore"),
                maxMessage(f, what), HttpProbeKind.proxy(f, what), HttpProbeKind.tlsOptions(f, what), stayOpen(f, what),
                namespace(f, url, what)));
    }

    /** A Socket.IO namespace ({@code /chat}): for a Socket.IO endpoint only. */
    private static String namespace(Fields f, URI url, String what) throws ConfigException {
        if (!f.has("namespace")) {
            return null;
        }
        String namespace = f.requiredString("namespace");
        if (!SocketIo.isEndpoint(url)) {
            throw new ConfigException(f.keyLocation("namespace"), "'namespace' of " + what + " is for a Socket.IO endpoint, "
                    + "and " + url + " is not one; expected a url such as ws://host/socket.io/?EIO=4&transport=websocket");
        }
        if (!namespace.startsWith("/") || namespace.contains(",")) {
            throw new ConfigException(f.node("namespace").get().location(), "'namespace' of " + what
                    + " must start with / and have no comma, such as /chat; got '" + namespace + "'");
        }
        return namespace;
    }

    /** How long a connection awaiting no event must stay open: 0s turns the hold off; with {@code expect}, it means nothing. */
    private static Duration stayOpen(Fields f, String what) throws ConfigException {
        if (!f.has("stay_open")) {
            return WebSocketSpec.DEFAULT_STAY_OPEN;
        }
        if (f.has("expect")) {
            throw new ConfigException(f.keyLocation("stay_open"), "'stay_open' of " + what + " is for a check that awaits no "
                    + "event; with 'expect', the events show the connection is served (give an event a 'within' instead)");
        }
        return f.duration("stay_open").orElseThrow();
    }

    /** Held in memory whole: bounded at 256 MiB. */
    private static long maxMessage(Fields f, String what) throws ConfigException {
        if (!f.has("max_message")) {
            return WebSocketSpec.DEFAULT_MAX_MESSAGE;
        }
        long bytes = Sizes.parse(f.required("max_message"), "'max_message' of " + what);
        if (bytes > 256L * 1024 * 1024) {
            throw new ConfigException(f.required("max_message").location(), "'max_message' of " + what
                    + " must be at most 256MiB, got " + bytes + " bytes");
        }
        return bytes;
    }

    private static List<EventExpectation> expectations(Fields f, String what) throws ConfigException {
        List<EventExpectation> out = new ArrayList<>();
        if (!f.has("expect")) {
            return out;
        }
        for (Node item : Values.list(f.required("expect"), "'expect' of " + what).items()) {
            if (item instanceof Node.ScalarNode) {
                out.add(new EventExpectation(Values.string(item, "an event of " + what), null, null));
                continue;
            }
            Fields e = Fields.of(item, "an event of " + what, "event", "regex", "within");
            if (e.has("event") == e.has("regex")) {
                throw new ConfigException(e.location(), "an event of " + what + " needs exactly one of 'event' or 'regex'");
            }
            Pattern regex = null;
            if (e.has("regex")) {
                try {
                    regex = Pattern.compile(e.requiredString("regex"));
                } catch (PatternSyntaxException ex) {
                    throw new ConfigException(e.required("regex").location(), "'regex' of an event of " + what
                            + " is not a valid regular expression: " + ex.getDescription());
                }
            }
            Duration within = e.duration("within").orElse(null);
            out.add(new EventExpectation(e.string("event").orElse(null), regex, within));
        }
        return out;
    }

    private static URI resolve(String target, Optional<String> serviceUrl, Node at, String what) throws ConfigException {
        String text = target;
        if (!target.matches("(?i)^[a-z][a-z0-9+.-]*://.*")) {
            if (serviceUrl.isEmpty()) {
                throw new ConfigException(at.location(), what + " has no url: give 'url: ws://...' or a url to its service");
            }
            text = target.isEmpty() ? serviceUrl.get() : URI.create(serviceUrl.get()).resolve(target).toString();
        }
        text = text.replaceFirst("(?i)^http://", "ws://").replaceFirst("(?i)^https://", "wss://");
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("ws") || scheme.equals("wss")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // reported below
        }
        throw new ConfigException(at.location(), what + " must be a ws:// or wss:// URL with a host, got '" + text + "'");
    }
}
