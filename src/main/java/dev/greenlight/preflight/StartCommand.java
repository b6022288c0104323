package dev.greenlight.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a start command binds: gunicorn {@code --bind/-b host:port}, uvicorn/hypercorn/flask {@code --host H --port P},
 * {@code --port P} of most servers. Each bind becomes a {@link BindFact} and, when its port is known, a
 * {@link PortFact} LISTENS.
 */
final class StartCommand {

    private StartCommand() {
    }

    /** Splits a shell-form command into words (quotes kept together, not interpreted further). */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    static void read(String service, List<String> words, boolean execForm, Place place, DeploymentModel model) {
        String host = null;
        String port = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if ((w.equals("--bind") || w.equals("-b")) && next != null) {
                bind(service, next, execForm, place, model);
                i++;
            } else if (w.startsWith("--bind=")) {
                bind(service, w.substring("--bind=".length()), execForm, place, model);
            } else if (w.equals("--host") && next != null) {
                host = next;
                i++;
            } else if (w.startsWith("--host=")) {
                host = w.substring("--host=".length());
            } else if (w.equals("--port") && next != null) {
                port = next;
                i++;
            } else if (w.startsWith("--port=")) {
                port = w.substring("--port=".length());
            } else if (w.equals("sh") || w.equals("bash") || w.equals("-c")) {
                if (w.equals("-c") && next != null && execForm) {
                    read(service, words(next), false, place, model); // sh -c "...": a shell expands it after all
                    return;
                }
            }
        }
        if (port != null || host != null) {
            bind(service, (host == null ? "" : host) + ":" + (port == null ? "" : port), execForm, place, model);
        }
    }

    private static void bind(String service, String text, boolean execForm, Place place, DeploymentModel model) {
        String[] hp = PortSyntax.hostAndPort(text);
        if (hp == null) {
            return; // a unix socket
        }
        String host = hp[0] == null || hp[0].isEmpty() ? null : hp[0];
        Optional<PortSyntax.Port> port = hp[1] == null || hp[1].isEmpty() ? Optional.empty() : PortSyntax.parse(hp[1]);
        boolean viaVariable = port.map(PortSyntax.Port::viaVariable).orElse(hp[1] != null && hp[1].contains("PORT"));
        model.add(new BindFact(service, host, hp[1], viaVariable, execForm, place));
        port.ifPresent(p -> model.add(new PortFact(service, p.number(), p.viaVariable(), PortFact.Role.LISTENS, place)));
    }
}
