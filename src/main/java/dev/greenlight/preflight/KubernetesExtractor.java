package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Kubernetes manifests (any YAML document with {@code apiVersion} and {@code kind}, several per file): the
 * containers of Deployments, StatefulSets, DaemonSets, Pods and Knative/Cloud Run Services ({@code containerPort},
 * {@code env}, start command), and a Service's {@code targetPort}. A Knative Service without a containerPort
 * receives traffic on 8080 and injects {@code PORT}.
 */
final class KubernetesExtractor {

    private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "ReplicaSet");

    private KubernetesExtractor() {
    }

    static boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    static void extract(Path root, Path file, DeploymentModel model) throws IOException {
        String rel = root.relativize(file).toString();
        List<String> lines = TextFile.lines(file);
        boolean any = false;
        for (Node doc : Yaml.documents(file)) {
            Optional<String> kind = Yaml.text(doc, "kind");
            Optional<String> api = Yaml.text(doc, "apiVersion");
            if (kind.isEmpty() || api.isEmpty()) {
                continue;
            }
            any = true;
            String name = ServiceNames.normalize(Yaml.text(doc, "metadata", "name").orElse("app"));
            if (kind.get().equals("Service") && api.get().startsWith("serving.knative.dev")) {
                Node template = Yaml.path(doc, "spec", "template", "spec").orElse(null);
                model.add(new PlatformFact(name, "Cloud Run / Knative", true, ComposeExtractor.place(rel, lines, doc)));
                containers(name, template, rel, lines, model, true);
            } else if (WORKLOADS.contains(kind.get())) {
                Node spec = kind.get().equals("Pod") ? Yaml.get(doc, "spec").orElse(null)
                        : Yaml.path(doc, "spec", "template", "spec").orElse(null);
                model.add(new PlatformFact(name, "Kubernetes " + kind.get(), false, ComposeExtractor.place(rel, lines, doc)));
                containers(name, spec, rel, lines, model, false);
                Node podMeta = kind.get().equals("Pod") ? Yaml.get(doc, "metadata").orElse(null)
                        : Yaml.path(doc, "spec", "template", "metadata").orElse(null);
                model.add(workload(name, podMeta, spec, rel, lines, ComposeExtractor.place(rel, lines, doc)));
            } else if (kind.get().equals("Service")) {
                String target = Yaml.text(doc, "spec", "selector", "app").map(ServiceNames::normalize).orElse(name);
                List<KubernetesWiring.PortRef> targets = new java.util.ArrayList<>();
                for (Node port : Yaml.items(Yaml.path(doc, "spec", "ports"))) {
                    Place place = ComposeExtractor.place(rel, lines, port);
                    Optional<String> targetPort = Yaml.text(port, "targetPort").or(() -> Yaml.text(port, "port"));
                    targetPort.ifPresent(t -> targets.add(new KubernetesWiring.PortRef(t, place)));
                    Yaml.text(port, "targetPort").flatMap(PortSyntax::parse).ifPresent(p -> model.add(new PortFact(target,
                            p.number(), false, PortFact.Role.PLATFORM, place)));
                }
                model.add(new KubernetesWiring.ServiceObject(name, labels(Yaml.path(doc, "spec", "selector").orElse(null)),
                        targets, ComposeExtractor.place(rel, lines, doc)));
            }
        }
        if (any) {
            model.read(rel);
        }
    }

    /**
     * The startup probe bounds the start (its failure kills the container); without one, the liveness probe does.
     * Knative/Cloud Run without a startup probe: the default TCP probe, 240 s.
     */
    private static void budget(String service, Node container, String file, List<String> lines, DeploymentModel model,
                               boolean knative) {
        for (String probe : List.of("startupProbe", "livenessProbe")) {
            Optional<Node> p = Yaml.get(container, probe);
            if (p.isPresent()) {
                long delay = Yaml.text(p.get(), "initialDelaySeconds").map(Long::parseLong).orElse(0L);
                long period = Yaml.text(p.get(), "periodSeconds").map(Long::parseLong).orElse(10L);
                long failures = Yaml.text(p.get(), "failureThreshold").map(Long::parseLong).orElse(3L);
                model.add(new StartupBudget(service, delay + period * failures, probe + ": " + delay + " + " + period + " x "
                        + failures + " s", ComposeExtractor.place(file, lines, p.get())));
                return;
            }
        }
        if (knative) {
            model.add(new StartupBudget(service, 240, "Cloud Run's default startup probe", ComposeExtractor.place(file, lines,
                    container)));
        }
    }

    private static KubernetesWiring.Workload workload(String name, Node podMeta, Node spec, String file, List<String> lines,
                                                      Place place) {
        java.util.Map<String, Integer> named = new java.util.LinkedHashMap<>();
        List<Integer> numbers = new java.util.ArrayList<>();
        List<KubernetesWiring.PortRef> probes = new java.util.ArrayList<>();
        for (Node container : spec == null ? List.<Node>of() : Yaml.items(Yaml.get(spec, "containers"))) {
            for (Node port : Yaml.items(Yaml.get(container, "ports"))) {
                Optional<Integer> number = Yaml.text(port, "containerPort").flatMap(PortSyntax::parse)
                        .map(PortSyntax.Port::number);
                number.ifPresent(numbers::add);
                Yaml.text(port, "name").ifPresent(n -> number.ifPresent(v -> named.put(n, v)));
            }
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                for (String kind : List.of("httpGet", "tcpSocket", "grpc")) {
                    Yaml.path(container, probe, kind).ifPresent(p -> Yaml.text(p, "port").ifPresent(port ->
                            probes.add(new KubernetesWiring.PortRef(port, ComposeExtractor.place(file, lines, p)))));
                }
            }
        }
        return new KubernetesWiring.Workload(name, labels(Yaml.get(podMeta == null ? spec : podMeta, "labels").orElse(null)),
                named, numbers, probes, place);
    }

    private static java.util.Map<String, String> labels(Node map) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (map != null) {
            Optional<Node> matchLabels = Yaml.get(map, "matchLabels");
            for (var t : Yaml.entries(Optional.of(matchLabels.orElse(map)))) {
                String value = Yaml.scalar(t.getValueNode());
                if (value != null) {
                    out.put(Yaml.scalar(t.getKeyNode()), value);
                }
            }
        }
        return out;
    }

    private static void containers(String service, Node podSpec, String file, List<String> lines, DeploymentModel model,
                                   boolean knative) {
        if (podSpec == null) {
            return;
        }
        for (Node container : Yaml.items(Yaml.get(podSpec, "containers"))) {
            List<Node> ports = Yaml.items(Yaml.get(container, "ports"));
            for (Node port : ports) {
                Yaml.text(port, "containerPort").flatMap(PortSyntax::parse).ifPresent(p -> model.add(new PortFact(service,
                        p.number(), false, PortFact.Role.PLATFORM, ComposeExtractor.place(file, lines, port))));
            }
            if (knative && ports.isEmpty()) {
                model.add(new PortFact(service, 8080, false, PortFact.Role.PLATFORM,
                        ComposeExtractor.place(file, lines, container))); // Cloud Run's default container port
            }
            Env.read(service, Yaml.get(container, "env"), file, lines, model);
            Env.readFrom(service, Yaml.get(container, "envFrom"), file, lines, model);
            Yaml.text(container, "image").ifPresent(image -> model.image(service, image));
            for (String probe : List.of("readinessProbe", "startupProbe", "livenessProbe")) {
                Yaml.path(container, probe, "httpGet").ifPresent(get -> Yaml.text(get, "path").ifPresent(path ->
                        model.healthPath(service, new Place(file, Yaml.line(get), path))));
            }
            budget(service, container, file, lines, model, knative);
            List<String> command = new java.util.ArrayList<>();
            Yaml.items(Yaml.get(container, "command")).forEach(n -> command.add(Yaml.scalar(n)));
            Yaml.items(Yaml.get(container, "args")).forEach(n -> command.add(Yaml.scalar(n)));
            if (!command.isEmpty()) {
                StartCommand.read(service, command, true, ComposeExtractor.place(file, lines, container), model);
            }
        }
    }
}
