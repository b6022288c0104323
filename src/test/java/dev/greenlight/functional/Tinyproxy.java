package dev.greenlight.functional;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's tinyproxy on loopback, with Basic credentials when given: the HTTP proxy of a corporate CI runner. */
final class Tinyproxy implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    Tinyproxy(Path dir, String user, String password) throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        log = dir.resolve("tinyproxy.log");
        Path conf = dir.resolve("tinyproxy.conf");
        Files.writeString(conf, """
                Port %d
                Listen 127.0.0.1
                Timeout 10
                Allow 127.0.0.1
                MaxClients 50
                LogLevel Info
                LogFile "%s"
                PidFile "%s"
                %s
                """.formatted(port, log, dir.resolve("tinyproxy.pid"), user == null ? "" : "BasicAuth " + user + " " + password));
        process = new ProcessBuilder("tinyproxy", "-d", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tinyproxy.out").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("tinyproxy did not start: " + Files.readString(dir.resolve("tinyproxy.out")));
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What the proxy logged: the connections it opened for its clients. */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
