package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.demo.DemoStack;
import dev.greenlight.demo.Scenario;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo stack itself: a healthy run is GO every time, and nothing stays bound when it stops. */
class DemoStackTest {

    @Test
    void aHealthyRunIsGoTwentyTimesOutOfTwenty() throws Exception {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try (DemoStack stack = DemoStack.start(Scenario.HEALTHY)) {
                RunResult run = Runs.run(stack.plan(), Map.of());
                verdicts.add(run.verdict());
            }
        }

        assertThat(verdicts).containsOnly(Verdict.GO);
    }

    @Test
    void noPortStaysBoundAfterTheStackStops() throws Exception {
        List<Integer> ports = new ArrayList<>();
        try (DemoStack stack = DemoStack.start(Scenario.DB_UNREACHABLE)) {
            Runs.run(stack.plan(), Map.of());
            for (String address : stack.addresses().values()) {
                ports.add(Integer.parseInt(address.replaceAll(".*:(\\d+).*", "$1")));
            }
        }

        assertThat(ports).hasSizeGreaterThanOrEqualTo(6);
        for (int port : ports) {
            try (ServerSocket rebind = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(rebind.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
