package dev.greenlight.preflight;

import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Environment lists and maps as manifests write them: compose map or {@code KEY=value} list, k8s {@code env[]}. */
final class Env {

    private Env() {
    }

    /** k8s {@code envFrom}: a ConfigMap or Secret provides variables Greenlight cannot list; recorded as "*". */
    static void readFrom(String service, Optional<Node> envFrom, String file, List<String> lines, DeploymentModel model) {
        for (Node item : Yaml.items(envFrom)) {
            boolean secret = Yaml.get(item, "secretRef").isPresent();
            model.add(new EnvFact(service, "*", null, secret, ComposeExtractor.place(file, lines, item)));
        }
    }

    static void read(String service, Optional<Node> env, String file, List<String> lines, DeploymentModel model) {
        for (NodeTuple t : Yaml.entries(env)) { // compose map form
            model.add(new EnvFact(service, Yaml.scalar(t.getKeyNode()), Yaml.scalar(t.getValueNode()), false,
                    ComposeExtractor.place(file, lines, t.getKeyNode())));
        }
        for (Node item : Yaml.items(env)) {
            String kv = Yaml.scalar(item);
            if (kv != null) { // compose list form KEY=value
                int eq = kv.indexOf('=');
                model.add(new EnvFact(service, eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? null : kv.substring(eq + 1), false,
                        ComposeExtractor.place(file, lines, item)));
                continue;
            }
            Optional<String> name = Yaml.text(item, "name"); // k8s / Knative env[]
            if (name.isPresent()) {
                boolean secret = Yaml.path(item, "valueFrom", "secretKeyRef").isPresent();
                model.add(new EnvFact(service, name.get(), Yaml.text(item, "value").orElse(null), secret,
                        ComposeExtractor.place(file, lines, item)));
            }
        }
    }
}
