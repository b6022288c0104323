package dev.greenlight.demo;

/** Writes the demo's plan: the services, checks and phases of BACKGROUND.md, pointed at the stack's ports. */
final class DemoPlan {

    private DemoPlan() {
    }

    static String yaml(int postgres, int redis, int backend, int auth, int frontend) {
        return """
                # Written by `greenlight demo`: the staging of BACKGROUND.md on loopback.
                environment: demo
                timeout: 4s
                auth:
                  e2e-user:
                    token_url: http://127.0.0.1:%5$d/token
                    client_id: %6$s
                    client_secret: ${GREENLIGHT_DEMO_CLIENT_SECRET:-%7$s}
                services:
                  postgres:
                    aliases: [database, db]
                    checks:
                      reachable: { postgres: "127.0.0.1:%1$d" }
                  redis:
                    aliases: [cache]
                    checks:
                      ping: { redis: "127.0.0.1:%2$d" }
                  backend:
                    url: http://127.0.0.1:%3$d
                    depends_on: [postgres, redis]
                    impact: { priority: P0, note: "chat golden path", arr_at_risk: 500000 }
                    checks:
                      health: { http: /health, expect: ["[STATUS] == 200", "[BODY].startup_complete == true"] }
                      latency: { http: /health, expect: ["[STATUS] == 200", "[RESPONSE_TIME] < 1s"] }
                  auth:
                    url: http://127.0.0.1:%5$d
                    expected_version: %8$s
                    depends_on: [postgres]
                    impact: { priority: P0, note: "login" }
                    checks:
                      health: { http: /health, expect: ["[STATUS] == 200"] }
                      ready: { http: /ready, expect: ["[STATUS] == 200"] }
                  websocket:
                    url: ws://127.0.0.1:%3$d/ws
                    depends_on: [backend, auth]
                    impact: { priority: P0, note: "chat golden path", arr_at_risk: 500000 }
                    checks:
                      agent-events:
                        auth: e2e-user
                        websocket:
                          send: '{"type": "user_message", "text": "ping"}'
                          expect: [agent_started, agent_thinking, tool_executing, tool_completed, {event: agent_completed, within: 3s}]
                  frontend:
                    url: http://127.0.0.1:%4$d
                    depends_on: [backend, auth]
                    impact: { priority: P1, note: "web app" }
                    checks:
                      health: { http: /health, expect: ["[STATUS] == 200", "[BODY].status == healthy"] }
                phases:
                  - { name: infrastructure, checks: [postgres.reachable, backend.health, auth.health, auth.ready, frontend.health], min_pass_rate: 100%% }
                  - { name: golden-path, checks: [websocket.agent-events], min_pass_rate: 100%%, golden_path: true }
                  - { name: performance, checks: [redis.ping, backend.latency], min_pass_rate: 50%% }
                """.formatted(postgres, redis, backend, frontend, auth, Auth.CLIENT_ID, Auth.CLIENT_SECRET,
                Scenario.DEPLOYED);
    }
}
