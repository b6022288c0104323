package dev.greenlight.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Readies, on a second core while the main thread reads the config, what every probe needs as soon as its first answer
 * comes: the JSON mapper (its class set-up takes 10 to 20 ms in a cold JVM, most of it the locale data of its date
 * format). Done on the first probe thread instead, it holds up every probe that answers meanwhile, since a class is set
 * up once while the others wait. Only Jackson's own classes are touched here, so this thread cannot deadlock with the
 * main thread's class set-up.
 */
final class Warmup {

    private Warmup() {
    }

    static void start() {
        Thread thread = new Thread(() -> {
            try {
                new ObjectMapper().readTree("{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"status\":\"UP\"}]}");
            } catch (Exception | LinkageError e) {
                // a warm-up only: whatever failed here fails again, and is reported, where it is needed
            }
        }, "greenlight-warmup");
        thread.setDaemon(true);
        thread.start();
    }
}
