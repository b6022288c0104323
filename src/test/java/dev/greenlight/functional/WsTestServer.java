package dev.greenlight.functional;

import io.javalin.Javalin;
import java.util.List;

/**
 * A real WebSocket server on loopback (Javalin on port 0). On each message, {@code /ws/stream}
 * sends {"type": e} for each e of {@code ?events=a,b,c} ({@code ?gap=ms} apart), then:
 * {@code ?then=close1011} closes with that code, {@code ?then=drop} drops the connection without a close frame.
 * {@code /ws/auth} accepts the upgrade only with {@code Authorization: Bearer good-token}. {@code /ws/kick} accepts every
 * upgrade and closes at once with 1008 (a server that checks its caller after the handshake); {@code /ws/quiet} accepts and
 * stays open; {@code /ws/refuse} accepts, says {"type": "error"} and stays open (an app that refuses its caller in-band).
 */
final class WsTestServer implements AutoCloseable {

    private final Javalin app;

    WsTestServer() {
        app = Javalin.create(config -> config.showJavalinBanner = false);
        app.ws("/ws/stream", ws -> ws.onMessage(ctx -> {
            List<String> events = List.of(ctx.queryParam("events").split(","));
            int gap = Integer.parseInt(ctx.queryParamMap().getOrDefault("gap", List.of("20")).get(0));
            String then = ctx.queryParamMap().getOrDefault("then", List.of("")).get(0);
            for (String event : events) {
                if (!event.isEmpty()) {
                    ctx.send("{\"type\": \"" + event + "\", \"at\": " + System.currentTimeMillis() + "}");
                }
                Thread.sleep(gap);
            }
            if (then.startsWith("close")) {
                ctx.closeSession(Integer.parseInt(then.substring(5)), "closing for the test");
            } else if (then.equals("drop")) {
                ctx.session.disconnect();
            }
        }));
        app.wsBeforeUpgrade("/ws/auth", ctx -> {
            if (!"Bearer good-token".equals(ctx.header("Authorization"))) {
                throw new io.javalin.http.UnauthorizedResponse();
            }
        });
        app.ws("/ws/auth", ws -> ws.onMessage(ctx -> ctx.send("{\"type\": \"welcome\"}")));
        app.ws("/ws/kick", ws -> ws.onConnect(ctx -> ctx.closeSession(1008, "token required")));
        app.ws("/ws/quiet", ws -> ws.onConnect(ctx -> { }));
        app.ws("/ws/refuse", ws -> ws.onConnect(ctx -> ctx.send("{\"type\": \"error\", \"message\": \"unauthorized: token "
                + "expired\"}")));
        app.start("127.0.0.1", 0);
    }

    String url(String pathAndQuery) {
        return "ws://127.0.0.1:" + app.port() + pathAndQuery;
    }

    @Override
    public void close() {
        app.stop();
    }
}
