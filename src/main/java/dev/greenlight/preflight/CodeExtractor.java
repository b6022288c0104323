package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's code requires from its environment, read line by line: Python {@code os.environ["X"]},
 * Node {@code process.env.X} with no {@code ||}/{@code ??} fallback, Java {@code System.getenv("X")} used without a
 * null check on the same line, Spring {@code ${X}} without a {@code :default} in {@code application.properties|yml}.
 * Reads with a default ({@code os.getenv("X", "d")}, {@code environ.get}) are not requirements. Go's
 * {@code os.Getenv} returns "" rather than failing, so it is not read. Where the code listens is read too
 * ({@code app.run(port=8000)}, {@code uvicorn.run(..., port=...)}, {@code server.listen(process.env.PORT || 3000)},
 * Spring's {@code server.port}), and the paths it serves ({@link RouteExtractor}). A file belongs to the nearest directory
 * above it that holds a Dockerfile; code outside any image is not read.
 */
final class CodeExtractor {

    private static final Pattern PYTHON = Pattern.compile("os\\.environ\\[\\s*['\"]([A-Z][A-Z0-9_]*)['\"]\\s*]");
    private static final Pattern NODE = Pattern.compile("process\\.env\\.([A-Z][A-Z0-9_]*)(?!\\s*(\\|\\||\\?\\?|!==?|===?))");
    private static final Pattern JAVA = Pattern.compile("System\\.getenv\\(\\s*\"([A-Z][A-Z0-9_]*)\"\\s*\\)");
    private static final Pattern SPRING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** Where the code itself listens: app.run(port=...), uvicorn.run(..., port=...), server.listen(...), server.port=. */
    private static final Pattern PY_LISTEN = Pattern.compile("(?:\\.run|uvicorn\\.run)\\(.*\\bport\\s*=\\s*([^,)]+(?:\\([^)]*\\))?)");
    private static final Pattern NODE_LISTEN = Pattern.compile("\\.listen\\(\\s*([^,)]+?)\\s*[,)]");
    private static final Pattern SPRING_PORT = Pattern.compile("^\\s*server\\.port\\s*[=:]\\s*(.+)$");

    private CodeExtractor() {
    }

    static boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".py") && !name.startsWith("test_") && !name.startsWith("gunicorn")
                || name.endsWith(".js") && !name.contains(".test.") || name.endsWith(".mjs") || name.endsWith(".ts")
                && !name.contains(".test.") || name.endsWith(".java") && !name.endsWith("Test.java")
                || name.endsWith(".go") && !name.endsWith("_test.go")
                || name.endsWith(".cs") && !name.endsWith("Tests.cs") || name.endsWith(".kt") && !name.endsWith("Test.kt")
                || name.equals("routes.rb")
                || name.matches("application(-[a-z]+)?\\.(properties|ya?ml)");
    }

    static void extract(Path root, Path file, DeploymentModel model) throws IOException {
        Optional<String> service = imageOf(root, file);
        if (service.isEmpty()) {
            return;
        }
        String rel = root.relativize(file).toString();
        List<String> lines = TextFile.lines(file);
        String name = file.getFileName().toString();
        RouteExtractor.extract(service.get(), rel, name, lines, model);
        if (name.endsWith(".go") || name.endsWith(".cs") || name.endsWith(".kt") || name.endsWith(".rb")) {
            return; // only their routes are read (Go's os.Getenv gives "" rather than failing: no requirement)
        }
        Pattern pattern = name.endsWith(".py") ? PYTHON : name.endsWith(".java") ? JAVA
                : name.startsWith("application") ? SPRING : NODE;
        boolean any = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("#") || line.strip().startsWith("//")) {
                continue;
            }
            listens(service.get(), name, line, new Place(rel, i + 1, line.strip()), model);
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                if (pattern == JAVA && (line.contains("!= null") || line.contains("== null") || line.contains("Optional"))) {
                    continue;
                }
                any = true;
                model.add(new RequiredEnvFact(service.get(), m.group(1), new Place(rel, i + 1, line.strip())));
            }
        }
        if (any) {
            model.read(rel);
        }
    }

    /** A port the code binds itself, literal or from PORT with a default (process.env.PORT || 3000). */
    private static void listens(String service, String file, String line, Place place, DeploymentModel model) {
        Pattern p = file.endsWith(".py") ? PY_LISTEN : file.startsWith("application") ? SPRING_PORT
                : file.endsWith(".java") ? null : NODE_LISTEN;
        Matcher m = p == null ? null : p.matcher(line);
        if (m == null || !m.find()) {
            return;
        }
        String expr = m.group(1).strip();
        if (p == PY_LISTEN && PortSyntax.parse(expr).isEmpty()) {
            expr = line.substring(m.start(1)).strip(); // int(os.environ.get("PORT", "8080")) has commas of its own
        }
        java.util.regex.Matcher fallback = Pattern.compile("(?:\\|\\||\\?\\?|:-?)\\s*(\\d{2,5})").matcher(expr);
        boolean viaVariable = expr.contains("PORT");
        Optional<PortSyntax.Port> port = PortSyntax.parse(expr);
        if (port.isEmpty() && viaVariable) {
            port = Optional.of(new PortSyntax.Port(fallback.find() ? Integer.parseInt(fallback.group(1)) : -1, true));
        }
        port.filter(x -> x.viaVariable() || x.number() >= 1000 || x.number() == 80 || x.number() == 443)
                .ifPresent(x -> model.add(new PortFact(service, x.number(), x.viaVariable(), PortFact.Role.LISTENS, place)));
    }

    /** The service of the nearest directory above the file (or its own) that holds a Dockerfile. */
    private static Optional<String> imageOf(Path root, Path file) {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            if (Files.exists(dir.resolve("Dockerfile")) || Files.exists(dir.resolve("Containerfile"))) {
                return Optional.of(ServiceNames.ofDirectory(root, dir.resolve("Dockerfile")));
            }
            if (dir.equals(root)) {
                break;
            }
        }
        return Optional.empty();
    }
}
