package dev.greenlight.preflight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gunicorn's config ({@code gunicorn_config.py}, {@code gunicorn.conf.py}: {@code bind = ...}) and a
 * {@code Procfile} ({@code web: gunicorn ... --bind ...}; a Procfile platform injects {@code PORT}).
 */
final class ServerConfigExtractor {

    private static final Pattern BIND = Pattern.compile("^\\s*bind\\s*=\\s*\\[?\\s*(f?['\"].*?['\"]|.*?)\\s*]?\\s*(#.*)?$");

    private ServerConfigExtractor() {
    }

    static boolean accepts(Path file) {
        String name = file.getFileName().toString();
        return name.matches("gunicorn[._-]?(conf|config)(ig)?\\.py") || name.equals("Procfile");
    }

    static void extract(Path root, Path file, DeploymentModel model) throws IOException {
        String service = ServiceNames.ofDirectory(root, file);
        String rel = root.relativize(file).toString();
        model.read(rel);
        List<String> lines = TextFile.lines(file);
        boolean procfile = file.getFileName().toString().equals("Procfile");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Place place = new Place(rel, i + 1, line.strip());
            if (procfile) {
                if (line.startsWith("web:")) {
                    model.add(new PlatformFact(service, "Procfile (Heroku-style)", true, place));
                    StartCommand.read(service, StartCommand.words(line.substring(4)), false, place, model);
                }
                continue;
            }
            Matcher m = BIND.matcher(line);
            if (m.find()) {
                String value = m.group(1).replaceFirst("^f(?=['\"])", "").replaceAll("^['\"]|['\"]$", "");
                value = value.replaceAll("\\{(.*)}", "$1"); // f"0.0.0.0:{os.environ.get('PORT', '8081')}"
                StartCommand.read(service, List.of("--bind", value), false, place, model);
            }
        }
    }
}
