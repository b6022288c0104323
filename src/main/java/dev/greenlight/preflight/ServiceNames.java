package dev.greenlight.preflight;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One name per service across files: the directory of a Dockerfile or server config, a compose service, a k8s
 * workload, a Cloud Run service, a {@code gcloud run deploy} target; lower case, without the suffixes teams
 * add to one of them ({@code auth-service} is {@code auth}).
 */
final class ServiceNames {

    private ServiceNames() {
    }

    static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        for (String suffix : new String[] {"-service", "_service", "-svc", "-server", "-app", "-api-service"}) {
            if (n.endsWith(suffix) && n.length() > suffix.length()) {
                n = n.substring(0, n.length() - suffix.length());
            }
        }
        return n;
    }

    /** The service a file in {@code dir} belongs to: its directory's name (the scanned root's for files at the root). */
    static String ofDirectory(Path root, Path file) {
        Path parent = file.getParent();
        Path dir = parent == null || parent.equals(root) ? root.toAbsolutePath().normalize() : parent;
        Path name = dir.getFileName();
        return normalize(name == null ? "app" : name.toString());
    }
}
