package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile (any {@code *Dockerfile*}, {@code Containerfile}): of its last stage (the image that runs),
 * EXPOSE, ENV, the port HEALTHCHECK tests, and the binds of CMD/ENTRYPOINT in shell and exec form.
 */
final class DockerfileExtractor {

    private DockerfileExtractor() {
    }

    static boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return name.contains("Dockerfile") || name.equals("Containerfile");
    }

    /** One instruction with the line it starts on (continuation lines joined). */
    private record Instruction(String keyword, String args, Place place) {
    }

    static void extract(Path root, Path file, DeploymentModel model) throws IOException {
        String service = ServiceNames.ofDirectory(root, file);
        String rel = root.relativize(file).toString();
        List<Instruction> stage = new ArrayList<>();
        List<String> lines = TextFile.lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder(line);
            while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
                text.setLength(text.length() - 1);
                text.append(' ').append(lines.get(++i).strip());
            }
            String full = text.toString();
            int space = full.indexOf(' ');
            String keyword = (space < 0 ? full : full.substring(0, space)).toUpperCase(Locale.ROOT);
            String args = space < 0 ? "" : full.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                stage.clear(); // only the last stage runs
            }
            stage.add(new Instruction(keyword, args, new Place(rel, start + 1, lines.get(start).strip())));
        }
        model.read(rel);
        for (Instruction in : stage) {
            switch (in.keyword()) {
                case "EXPOSE" -> {
                    for (String p : in.args().split("\\s+")) {
                        PortSyntax.parse(p.replaceAll("/(tcp|udp)$", "")).ifPresent(port -> model.add(new PortFact(service,
                                port.number(), port.viaVariable(), PortFact.Role.EXPOSES, in.place())));
                    }
                }
                case "ENV" -> env(service, in, model);
                case "HEALTHCHECK" -> healthcheck(service, in, model);
                case "CMD", "ENTRYPOINT" -> {
                    boolean exec = in.args().startsWith("[");
                    List<String> words = exec ? execWords(in.args()) : StartCommand.words(in.args());
                    StartCommand.read(service, words, exec, in.place(), model);
                }
                default -> {
                }
            }
        }
    }

    /** A local address in a health check's command: {@code localhost:8081}, {@code 127.0.0.1:${PORT:-8001}}. */
    private static final java.util.regex.Pattern LOCAL_PORT = java.util.regex.Pattern.compile(
            "(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\]):(\\$\\{?PORT(?::?-(\\d+))?\\}?|\\d+)");

    /** A path on a local address in a health check's command: {@code http://localhost:8080/healthz} -> /healthz. */
    static final java.util.regex.Pattern LOCAL_PATH = java.util.regex.Pattern.compile(
            "(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\])(?::[^/\\s'\"]+)?(/[^\\s'\"|;&)]*)");

    /**
     * {@code HEALTHCHECK [options] CMD ...}: the local port its command tests, if it names one ({@code NONE}: none), and
     * the path it asks for.
     */
    private static void healthcheck(String service, Instruction in, DeploymentModel model) {
        if (in.args().toUpperCase(Locale.ROOT).startsWith("NONE")) {
            return;
        }
        java.util.regex.Matcher path = LOCAL_PATH.matcher(in.args());
        if (path.find()) {
            model.healthPath(service, new Place(in.place().file(), in.place().line(), path.group(1)));
        }
        java.util.regex.Matcher m = LOCAL_PORT.matcher(in.args());
        if (!m.find()) {
            return;
        }
        boolean viaVariable = m.group(1).startsWith("$");
        int port = viaVariable ? (m.group(2) == null ? -1 : Integer.parseInt(m.group(2))) : Integer.parseInt(m.group(1));
        model.add(new PortFact(service, port, viaVariable, PortFact.Role.PROBES, in.place()));
    }

    /** {@code ENV A=1 B=2} or the old {@code ENV A 1}. */
    private static void env(String service, Instruction in, DeploymentModel model) {
        List<String> words = StartCommand.words(in.args());
        if (words.size() >= 2 && !words.get(0).contains("=")) {
            model.add(new EnvFact(service, words.get(0), String.join(" ", words.subList(1, words.size())), false, in.place()));
            return;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq > 0) {
                model.add(new EnvFact(service, w.substring(0, eq), w.substring(eq + 1), false, in.place()));
            }
        }
    }

    /** The strings of a JSON array, as Docker reads exec form. */
    private static List<String> execWords(String json) {
        List<String> out = new ArrayList<>();
        try {
            for (var node : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
                out.add(node.asText());
            }
        } catch (IOException e) {
            return StartCommand.words(json.replaceAll("[\\[\\],]", " "));
        }
        return out;
    }
}
