package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Deploy scripts ({@code *.sh}, Makefiles, CI YAML, cloudbuild): each {@code gcloud run deploy NAME} with its
 * {@code --port} (Cloud Run's default is 8080), {@code --set-env-vars}/{@code --update-env-vars} and
 * {@code --set-secrets}/{@code --update-secrets}. Continuation lines are joined.
 */
final class DeployScriptExtractor {

    private DeployScriptExtractor() {
    }

    static boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".sh") || name.equals("Makefile") || name.endsWith(".mk") || name.endsWith(".yml")
                || name.endsWith(".yaml") || name.endsWith(".bash");
    }

    static void extract(Path root, Path file, DeploymentModel model) throws IOException {
        String rel = root.relativize(file).toString();
        List<String> lines = TextFile.lines(file);
        boolean any = false;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).contains("run deploy")) {
                continue;
            }
            int start = i;
            StringBuilder command = new StringBuilder(lines.get(i).strip());
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).strip());
            }
            List<String> words = StartCommand.words(command.toString());
            int deploy = words.indexOf("deploy");
            if (deploy < 1 || !words.get(deploy - 1).equals("run") || !words.contains("gcloud")) {
                continue;
            }
            any = true;
            List<String> own = lines.subList(start, i + 1);
            deploy(rel, words.subList(deploy + 1, words.size()), new Place(rel, start + 1, lines.get(start).strip()), model,
                    flag -> {
                        for (int k = 0; k < own.size(); k++) {
                            if (own.get(k).contains(flag)) {
                                return new Place(rel, start + k + 1, own.get(k).strip());
                            }
                        }
                        return new Place(rel, start + 1, lines.get(start).strip());
                    });
        }
        if (any) {
            model.read(rel);
        }
    }

    /** @param lineOf where a flag is written (its own continuation line) */
    private static void deploy(String file, List<String> args, Place place, DeploymentModel model,
                               java.util.function.Function<String, Place> lineOf) {
        String service = null;
        String port = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(i + 1) : "";
            String flag = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
            switch (flag) {
                case "--port" -> port = value;
                case "--set-env-vars", "--update-env-vars" -> pairs(value, false, lineOf.apply(flag), model, () -> service(args));
                case "--set-secrets", "--update-secrets" -> pairs(value, true, lineOf.apply(flag), model, () -> service(args));
                default -> {
                    if (service == null && !a.startsWith("-") && (i == 0 || !args.get(i - 1).startsWith("--")
                            || args.get(i - 1).contains("="))) {
                        service = a;
                    }
                }
            }
            if (!a.contains("=") && a.startsWith("--") && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                i++; // the flag's value
            }
        }
        String name = ServiceNames.normalize(service == null ? "app" : service);
        model.add(new PlatformFact(name, "Cloud Run (gcloud run deploy)", true, place));
        model.add(new StartupBudget(name, 240, "Cloud Run's default startup probe", place));
        if (port == null) {
            model.add(new PortFact(name, 8080, false, PortFact.Role.PLATFORM, new Place(place.file(), place.line(),
                    place.text() + "   (no --port: Cloud Run sends to 8080)")));
        } else {
            PortSyntax.parse(port).ifPresent(p -> model.add(new PortFact(name, p.number(), p.viaVariable(), PortFact.Role.PLATFORM,
                    lineOf.apply("--port"))));
        }
    }

    private static String service(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).startsWith("-") && (i == 0 || !args.get(i - 1).startsWith("--") || args.get(i - 1).contains("="))) {
                return ServiceNames.normalize(args.get(i));
            }
        }
        return "app";
    }

    private static void pairs(String list, boolean secrets, Place place, DeploymentModel model,
                              java.util.function.Supplier<String> service) {
        for (String pair : list.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                model.add(new EnvFact(service.get(), pair.substring(0, eq), secrets ? null : pair.substring(eq + 1), secrets,
                        place));
            }
        }
    }
}
