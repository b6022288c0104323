package dev.greenlight.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code on_no_go:} section: the rollback hook, called once when the gate fails (verify) or once per incident
 * (watch, after {@code after} NO-GO runs in a row); never for INCONCLUSIVE. A command (argv, no shell) or a webhook
 * that receives the JSON report, signed when it has a secret.
 *
 * <pre>
 * on_no_go: { exec: ["./rollback.sh", "--to", "previous"], after: 2, timeout: 5m }
 * on_no_go: { webhook: https://deploy.example.com/rollback, secret: ${ROLLBACK_SECRET} }
 * </pre>
 */
public record OnNoGoConfig(List<String> exec, String webhook, String secret, int after, Duration timeout) {

    public static final int DEFAULT_AFTER = 2;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public OnNoGoConfig {
        exec = exec == null ? List.of() : List.copyOf(exec);
    }

    static Optional<OnNoGoConfig> read(Node node) throws ConfigException {
        String what = "'on_no_go'";
        Fields f = Fields.of(node, what, "exec", "webhook", "secret", "after", "timeout");
        if (f.has("exec") == f.has("webhook")) {
            throw new ConfigException(f.location(), what + " names " + (f.has("exec") ? "both exec and webhook" : "neither exec nor "
                    + "webhook") + "; expected one of exec: [command, args...] or webhook: URL");
        }
        List<String> exec = f.strings("exec");
        if (f.has("exec") && (exec.isEmpty() || exec.get(0).isBlank())) {
            throw new ConfigException(f.required("exec").location(), "'exec' of " + what + " is empty; expected a command and "
                    + "its arguments, e.g. [\"./rollback.sh\"]");
        }
        String webhook = f.string("webhook").orElse(null);
        if (webhook != null) {
            Values.httpUrl(f.required("webhook"), "'webhook' of " + what, "https://deploy.example.com/rollback");
        }
        if (f.has("secret") && webhook == null) {
            throw new ConfigException(f.keyLocation("secret"), "'secret' of " + what + " signs a webhook's body; exec takes none");
        }
        return Optional.of(new OnNoGoConfig(exec, webhook, f.string("secret").orElse(null),
                f.integer("after", 1, 1000).orElse(DEFAULT_AFTER), f.duration("timeout").orElse(DEFAULT_TIMEOUT)));
    }
}
