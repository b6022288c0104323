package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * docker compose ({@code compose*.y*ml}, {@code docker-compose*.y*ml}): per service, the container side of
 * {@code ports} (where traffic goes), {@code expose}, {@code environment}, and {@code command}'s binds. A
 * service with {@code build: ./auth} is the service of that directory.
 */
final class ComposeExtractor {

    private ComposeExtractor() {
    }

    static boolean accepts(Path file) {
        return file.getFileName().toString().matches("(docker-)?compose[^/]*\\.ya?ml");
    }

    static void extract(Path root, Path file, DeploymentModel model) throws IOException {
        String rel = root.relativize(file).toString();
        List<String> lines = TextFile.lines(file);
        model.read(rel);
        for (Node doc : Yaml.documents(file)) {
            for (NodeTuple entry : Yaml.entries(Yaml.get(doc, "services"))) {
                String key = Yaml.scalar(entry.getKeyNode());
                Node svc = entry.getValueNode();
                String service = ServiceNames.normalize(Yaml.text(svc, "build")
                        .or(() -> Yaml.text(svc, "build", "context")).map(ComposeExtractor::lastPart).orElse(key));
                for (Node port : Yaml.items(Yaml.get(svc, "ports"))) {
                    containerPort(port).flatMap(PortSyntax::parse).ifPresent(p -> model.add(new PortFact(service, p.number(),
                            p.viaVariable(), PortFact.Role.PLATFORM, place(rel, lines, port))));
                }
                for (Node port : Yaml.items(Yaml.get(svc, "expose"))) {
                    Optional.ofNullable(Yaml.scalar(port)).flatMap(PortSyntax::parse).ifPresent(p -> model.add(new PortFact(
                            service, p.number(), p.viaVariable(), PortFact.Role.EXPOSES, place(rel, lines, port))));
                }
                Env.read(service, Yaml.get(svc, "environment"), rel, lines, model);
                envFiles(root, file, service, svc, model);
                Yaml.text(svc, "image").ifPresent(image -> model.image(service, image));
                wiring(key, service, svc, rel, lines, model);
                Yaml.items(Yaml.get(svc, "depends_on")).forEach(d -> model.dependsOn(service, ServiceNames.normalize(Yaml.scalar(d))));
                Yaml.entries(Yaml.get(svc, "depends_on")).forEach(d -> model.dependsOn(service,
                        ServiceNames.normalize(Yaml.scalar(d.getKeyNode()))));
                Yaml.text(svc, "command").ifPresent(c -> StartCommand.read(service, StartCommand.words(c), false,
                        place(rel, lines, Yaml.get(svc, "command").get()), model));
                List<Node> commandItems = Yaml.items(Yaml.get(svc, "command"));
                if (!commandItems.isEmpty()) {
                    StartCommand.read(service, commandItems.stream().map(Yaml::scalar).toList(), true,
                            place(rel, lines, commandItems.get(0)), model);
                }
            }
        }
    }

    /** {@code env_file: .env} or a list of them: KEY=VALUE lines, as compose reads them into the container. */
    private static void envFiles(Path root, Path composeFile, String service, Node svc, DeploymentModel model) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        Yaml.text(svc, "env_file").ifPresent(names::add);
        Yaml.items(Yaml.get(svc, "env_file")).forEach(n -> {
            String direct = Yaml.scalar(n);
            names.add(direct != null ? direct : Yaml.text(n, "path").orElse(null));
        });
        for (String name : names) {
            Path env = name == null ? null : composeFile.getParent().resolve(name).normalize();
            if (env == null || !Files.isRegularFile(env) || !env.startsWith(root.toAbsolutePath().normalize())
                    && !env.startsWith(root)) {
                continue;
            }
            String rel = root.relativize(env).toString();
            List<String> lines;
            try {
                lines = TextFile.lines(env);
            } catch (TextFile.Binary e) {
                continue; // not an env file
            }
            // a file git ignores is where secrets are meant to live: its values count as secret references
            boolean keptOutOfGit = GitIgnore.of(root).ignores(root, env, false);
            model.read(rel);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                int eq = line.indexOf('=');
                if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                    continue;
                }
                String key = line.substring(0, eq).replaceFirst("^export\\s+", "").strip();
                String value = line.substring(eq + 1).strip().replaceAll("^['\"]|['\"]$", "");
                model.add(new EnvFact(service, key, value, keptOutOfGit, new Place(rel, i + 1, line)));
            }
        }
    }

    private static final java.util.regex.Pattern URL_PORT = java.util.regex.Pattern.compile(
            "(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\]):(\\d{2,5})");

    /** The healthcheck (and the port its test reaches on localhost) and depends_on with conditions. */
    private static void wiring(String key, String service, Node svc, String rel, List<String> lines, DeploymentModel model) {
        Optional<Node> health = Yaml.get(svc, "healthcheck");
        boolean disabled = health.flatMap(h -> Yaml.text(h, "disable")).map(Boolean::parseBoolean).orElse(false);
        Integer port = null;
        Place place = null;
        if (health.isPresent()) {
            Optional<Node> test = Yaml.get(health.get(), "test");
            String text = test.map(t -> Yaml.scalar(t) != null ? Yaml.scalar(t)
                    : String.join(" ", Yaml.items(test).stream().map(Yaml::scalar).toList())).orElse("");
            java.util.regex.Matcher path = DockerfileExtractor.LOCAL_PATH.matcher(text);
            if (path.find()) {
                Place at = place(rel, lines, test.get());
                model.healthPath(service, new Place(at.file(), at.line(), path.group(1)));
            }
            java.util.regex.Matcher m = URL_PORT.matcher(text);
            if (m.find()) {
                port = Integer.valueOf(m.group(1));
                place = place(rel, lines, test.get());
            }
        }
        List<ComposeWiring.Dependency> deps = new java.util.ArrayList<>();
        for (Node d : Yaml.items(Yaml.get(svc, "depends_on"))) {
            deps.add(new ComposeWiring.Dependency(Yaml.scalar(d), "service_started", place(rel, lines, d)));
        }
        for (NodeTuple d : Yaml.entries(Yaml.get(svc, "depends_on"))) {
            deps.add(new ComposeWiring.Dependency(Yaml.scalar(d.getKeyNode()), Yaml.text(d.getValueNode(), "condition")
                    .orElse("service_started"), place(rel, lines, d.getKeyNode())));
        }
        model.add(new ComposeWiring(key, service, health.isPresent() && !disabled, port, place, deps));
    }

    /** "8080:8081", "127.0.0.1:8080:8081/tcp", or the long form {target: 8081}: the container's side. */
    private static Optional<String> containerPort(Node port) {
        String short_ = Yaml.scalar(port);
        if (short_ != null) {
            String p = short_.replaceAll("/(tcp|udp)$", "");
            return Optional.of(p.contains(":") ? p.substring(p.lastIndexOf(':') + 1) : p);
        }
        return Yaml.text(port, "target");
    }

    private static String lastPart(String path) {
        String p = path.replaceAll("/+$", "");
        return p.contains("/") ? p.substring(p.lastIndexOf('/') + 1) : p.equals(".") ? "app" : p;
    }

    static Place place(String file, List<String> lines, Node node) {
        int line = Yaml.line(node);
        return new Place(file, line, line - 1 < lines.size() ? lines.get(line - 1).strip() : "");
    }
}
