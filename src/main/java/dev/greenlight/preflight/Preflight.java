package dev.greenlight.preflight;

import dev.greenlight.finding.Finding;
import dev.greenlight.preflight.rules.ComposeWiringRule;
import dev.greenlight.preflight.rules.EmergencyFlag;
import dev.greenlight.preflight.rules.ExecFormVariable;
import dev.greenlight.preflight.rules.HealthPathUnserved;
import dev.greenlight.preflight.rules.KubernetesWiringRule;
import dev.greenlight.preflight.rules.LoopbackBind;
import dev.greenlight.preflight.rules.PlatformPortIgnored;
import dev.greenlight.preflight.rules.PortDrift;
import dev.greenlight.preflight.rules.RequiredEnvMissing;
import dev.greenlight.preflight.rules.SecretInPlainText;
import dev.greenlight.preflight.rules.StartupBudgetRule;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads a repository's deployment files into one {@link DeploymentModel} (each extractor takes the files of
 * its kind) and runs the rules over it. Directories that hold no deployment files are not entered
 * ({@code .git}, {@code node_modules}, build output, virtualenvs), what the directory's {@code .gitignore} names,
 * and files over 1 MiB are skipped.
 */
public final class Preflight {

    public static final List<PreflightRule> RULES = List.of(new PortDrift(), new PlatformPortIgnored(), new ExecFormVariable(),
            new LoopbackBind(), new RequiredEnvMissing(), new SecretInPlainText(), new EmergencyFlag(), new KubernetesWiringRule(),
            new ComposeWiringRule(), new StartupBudgetRule(), new HealthPathUnserved());

    /** The rules, with a team's own flag patterns added to GL-P007's. */
    public static List<PreflightRule> rules(List<java.util.regex.Pattern> extraFlags) {
        return RULES.stream().map(r -> r instanceof EmergencyFlag ? new EmergencyFlag(extraFlags) : r).toList();
    }

    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "target", "build", "dist", ".venv", "venv",
            "__pycache__", "vendor", ".idea", ".gradle", ".terraform");
    private static final long MAX_FILE = 1024 * 1024;

    private Preflight() {
    }

    public static DeploymentModel scan(Path root) throws IOException {
        DeploymentModel model = new DeploymentModel();
        List<Path> files = new ArrayList<>();
        GitIgnore ignored = GitIgnore.of(root);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && (SKIPPED_DIRS.contains(dir.getFileName().toString()) || ignored.ignores(root, dir, true))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && attrs.size() <= MAX_FILE && !ignored.ignores(root, file, false)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.naturalOrder());
        for (Path file : files) {
            try {
                if (DockerfileExtractor.accepts(file)) {
                    DockerfileExtractor.extract(root, file, model);
                } else if (ServerConfigExtractor.accepts(file)) {
                    ServerConfigExtractor.extract(root, file, model);
                } else if (ComposeExtractor.accepts(file)) {
                    ComposeExtractor.extract(root, file, model);
                } else if (CodeExtractor.accepts(file) && !KubernetesExtractor.accepts(file)) {
                    CodeExtractor.extract(root, file, model);
                } else {
                    if (CodeExtractor.accepts(file)) {
                        CodeExtractor.extract(root, file, model); // application.yml
                    }
                    if (KubernetesExtractor.accepts(file)) {
                        KubernetesExtractor.extract(root, file, model);
                    }
                    if (DeployScriptExtractor.accepts(file)) {
                        DeployScriptExtractor.extract(root, file, model);
                    }
                }
            } catch (TextFile.Binary e) {
                // not text: not a deployment file
            }
        }
        model.mergeSingleService();
        return model;
    }

    public static List<Finding> check(DeploymentModel model, List<PreflightRule> rules) {
        List<Finding> out = new ArrayList<>();
        for (PreflightRule rule : rules) {
            out.addAll(rule.check(model));
        }
        out.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(f -> f.file() == null ? "" : f.file())
                .thenComparingInt(Finding::line));
        return out;
    }
}
