package dev.greenlight.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads greenlight.yaml: YAML with locations, then {@code ${ENV}} interpolation (secrets recorded),
 * then the typed records, then the cross-references ({@link References}). Every failure is a
 * {@link ConfigException} with file:line:column.
 */
public final class ConfigLoader {

    private static final String[] TOP_LEVEL_KEYS = {
        "environment", "settle", "concurrency", "timeout", "accept_degraded", "canary", "auth", "services", "phases",
        "preflight", "alerts", "on_no_go",
    };

    private final Function<String, String> environment;
    private final Sized sized;
    /** Read to probe its targets (verify, watch): in CI a default naming this machine is refused. */
    private final boolean probing;

    /** Told how large the plan is as soon as the YAML is parsed, before it is read and checked: a hint only. */
    public interface Sized {
        Sized NONE = (concurrency, checks, plainHttp) -> { };

        /** @param plainHttp how many of the checks are plain {@code http://} or {@code ws://} without auth */
        void sized(int concurrency, int checks, int plainHttp);
    }

    public ConfigLoader(Function<String, String> environment) {
        this(environment, Sized.NONE, false);
    }

    private ConfigLoader(Function<String, String> environment, Sized sized, boolean probing) {
        this.environment = environment;
        this.sized = sized;
        this.probing = probing;
    }

    /** This loader, telling {@code listener} the plan's concurrency and number of checks ahead of the rest. */
    public ConfigLoader whenSized(Sized listener) {
        return new ConfigLoader(environment, listener, probing);
    }

    /**
     * This loader, for a command that probes the config's targets: in a CI job, a {@code ${VAR:-default}} whose variable
     * is unset and whose default names this machine ({@code http://127.0.0.1:8080}, as {@code init} writes them) is bad
     * configuration, at its place: the check would talk to what the job started on the runner, not to the deployment.
     */
    public ConfigLoader probing() {
        return new ConfigLoader(environment, sized, true);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public GreenlightConfig load(Path path) throws ConfigException {
        return load(path, read(path));
    }

    /** The bytes of the config at {@code path}, as they are; bad configuration at its path when it cannot be read. */
    public static byte[] read(Path path) throws ConfigException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(Location.of(path.toString()), "configuration file not found"
                    + " (give one with -c FILE, or write greenlight.yaml; see README 'Configuration')");
        } catch (IOException e) {
            throw new ConfigException(Location.of(path.toString()), "cannot read configuration: " + e.getMessage());
        }
    }

    /** The config whose bytes were read from {@code path}: in UTF-8, or bad configuration at its first byte that is not. */
    public GreenlightConfig load(Path path, byte[] bytes) throws ConfigException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(path, bytes);
        }
        return parse(path.toString(), text);
    }

    /** A config that is not UTF-8 (saved as Latin-1, say), at its first byte that is not. */
    private static ConfigException notUtf8(Path path, byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer read = java.nio.CharBuffer.allocate(bytes.length);
        StandardCharsets.UTF_8.newDecoder().decode(in, read, true); // stops at the first byte that is not UTF-8
        String before = read.flip().toString();
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        int column = before.length() - before.lastIndexOf('\n');
        int bad = in.hasRemaining() ? in.get(in.position()) & 0xFF : 0;
        return new ConfigException(new Location(path.toString(), line, column), String.format(
                "byte 0x%02X is not UTF-8; expected the file in UTF-8 (it may be saved as Latin-1 or Windows-1252)", bad));
    }

    public GreenlightConfig parse(String file, String text) throws ConfigException {
        Interpolator interpolator = new Interpolator(environment, probing);
        Node root = TreeReader.read(file, text);
        tellSize(root);
        try {
            root = interpolator.interpolate(root, null);
            return read(file, root, Secrets.of(interpolator.secrets()));
        } catch (ConfigException e) {
            // a message may quote a value: never let a secret out through it
            Secrets known = Secrets.of(interpolator.secrets());
            throw new ConfigException(e.location(), known.redact(e.problem()));
        }
    }

    /** What the tree says of its size, before anything is checked (a tree that is not a config says nothing). */
    private void tellSize(Node root) {
        if (sized == Sized.NONE || !(root instanceof Node.MapNode top)) {
            return;
        }
        int concurrency = GreenlightConfig.DEFAULT_CONCURRENCY;
        if (top.values().get("concurrency") instanceof Node.ScalarNode n && n.text().matches("\\d{1,4}")) {
            concurrency = Integer.parseInt(n.text());
        }
        int checks = 0;
        int plainHttp = 0;
        if (top.values().get("services") instanceof Node.MapNode services) {
            for (Node service : services.values().values()) {
                if (service instanceof Node.MapNode m && m.values().get("checks") instanceof Node.MapNode c) {
                    checks += c.values().size();
                    Node base = m.values().get("url");
                    for (Node check : c.values().values()) {
                        plainHttp += plainHttp(check, base) ? 1 : 0;
                    }
                }
            }
        }
        sized.sized(concurrency, checks, plainHttp);
    }

    /**
     * Whether a check will be plain HTTP or WebSocket (http://, ws://, no auth), as its probe resolves its target: a url,
     * or a path (or, for a websocket, nothing) relative to the service's {@code base} url.
     */
    private static boolean plainHttp(Node check, Node base) {
        if (!(check instanceof Node.MapNode m) || m.values().containsKey("auth")) {
            return false;
        }
        Node target = m.values().containsKey("websocket") ? m.values().get("websocket") : m.values().get("http");
        if (target == null) {
            return false; // another probe
        }
        if (target instanceof Node.MapNode spec) {
            target = spec.values().containsKey("url") ? spec.values().get("url") : spec.values().get("path");
        }
        String url = target instanceof Node.ScalarNode given ? given.text() : "";
        if (!url.contains("://")) {
            url = base instanceof Node.ScalarNode service ? service.text() : "";
        }
        return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "ws://", 0, 5);
    }

    private GreenlightConfig read(String file, Node root, Secrets secrets) throws ConfigException {
        Fields top = Fields.of(withoutExtensions(root), "the configuration", TOP_LEVEL_KEYS);
        Map<String, AuthSource> auth = new LinkedHashMap<>();
        if (top.has("auth")) {
            for (Map.Entry<String, Node> e : Fields.of(top.required("auth"), "'auth'").values().entrySet()) {
                auth.put(e.getKey(), AuthSource.read(e.getKey(), e.getValue()));
            }
        }
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        Fields serviceMap = Fields.of(top.required("services"), "'services'");
        for (Map.Entry<String, Node> e : serviceMap.values().entrySet()) {
            if (!ServiceConfig.isName(e.getKey())) {
                throw new ConfigException(serviceMap.keyLocation(e.getKey()), "service name '" + e.getKey()
                        + "' must use letters, digits, '-' and '_'");
            }
            services.put(e.getKey(), ServiceConfig.read(e.getKey(), e.getValue()));
        }
        if (services.isEmpty()) {
            throw new ConfigException(serviceMap.location(), "'services' is empty; expected at least one service");
        }
        List<PhaseConfig> phases = new ArrayList<>();
        if (top.has("phases")) {
            List<Node> items = Values.list(top.required("phases"), "'phases'").items();
            for (int i = 0; i < items.size(); i++) {
                phases.add(PhaseConfig.read(i, items.get(i)));
            }
        }
        Duration settle = top.has("settle") ? Values.positiveDuration(top.required("settle"), "'settle'") : Duration.ZERO;
        GreenlightConfig config = new GreenlightConfig(file, top.string("environment").orElse("default"), settle,
                top.integer("concurrency", 1, 4096).orElse(GreenlightConfig.DEFAULT_CONCURRENCY),
                top.duration("timeout").orElse(GreenlightConfig.DEFAULT_TIMEOUT),
                top.bool("accept_degraded").orElse(false), top.string("canary"), auth, services, phases, secrets,
                top.has("preflight") ? PreflightConfig.read(top.required("preflight")) : PreflightConfig.NONE,
                top.has("alerts") ? AlertsConfig.read(top.required("alerts")) : AlertsConfig.NONE,
                top.has("on_no_go") ? OnNoGoConfig.read(top.required("on_no_go")) : java.util.Optional.empty());
        References.check(config, top);
        return config;
    }

    /** Top-level keys starting with {@code x-} hold YAML anchors for reuse; they are not configuration. */
    private static Node withoutExtensions(Node root) throws ConfigException {
        if (!(root instanceof Node.MapNode map)) {
            throw new ConfigException(root.location(), "the configuration must be a map with 'services', got "
                    + root.describe());
        }
        Map<String, Node.Key> keys = new LinkedHashMap<>(map.keys());
        Map<String, Node> values = new LinkedHashMap<>(map.values());
        keys.keySet().removeIf(k -> k.startsWith("x-"));
        values.keySet().removeIf(k -> k.startsWith("x-"));
        return new Node.MapNode(map.location(), keys, values);
    }
}
