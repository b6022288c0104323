package dev.greenlight.probe.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptsTest {

    private static InetAddress[] addresses(String... literals) throws Exception {
        InetAddress[] all = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            all[i] = InetAddress.getByName(literals[i]);
        }
        return all;
    }

    private static List<String> order(String... literals) throws Exception {
        return Attempts.interleaved(addresses(literals)).stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void familiesAlternateFromTheResolversFirstEachInItsOrder() throws Exception {
        assertThat(order("10.0.0.1", "10.0.0.2", "2001:db8::1", "2001:db8::2"))
                .containsExactly("10.0.0.1", "2001:db8:0:0:0:0:0:1", "10.0.0.2", "2001:db8:0:0:0:0:0:2");
        assertThat(order("2001:db8::1", "2001:db8::2", "2001:db8::3", "10.0.0.1"))
                .containsExactly("2001:db8:0:0:0:0:0:1", "10.0.0.1", "2001:db8:0:0:0:0:0:2", "2001:db8:0:0:0:0:0:3");
        assertThat(order("10.0.0.1")).containsExactly("10.0.0.1");
    }

    @Test
    void aConnectionToTheFirstAddressPassedNothingOverAndASlowerOneIsStillConnecting() throws Exception {
        Attempts attempts = new Attempts(addresses("127.0.0.1", "::1"), 8080);
        InetAddress first = attempts.next();
        assertThat(attempts.passedOver(first, List.of())).isEmpty();
        InetAddress second = attempts.next();
        assertThat(attempts.passedOver(second, List.of(first)))
                .isEqualTo("connected to 0:0:0:0:0:0:0:1 after 127.0.0.1 (still connecting)");
    }

    @Test
    void theFailureNamesEachAddressInTheOrderItFailedAndATimeoutOutweighsARefusal() throws Exception {
        InetAddress[] both = addresses("127.0.0.1", "::1");
        Attempts attempts = new Attempts(both, 8080);
        attempts.failed(attempts.next(), new ConnectException("Connection refused"));
        InetAddress second = attempts.next();
        assertThat(attempts.more()).isFalse();
        attempts.timedOut(List.of(second));

        assertThat(attempts.passedOver(InetAddress.getByName("10.0.0.9"), List.of()))
                .isEqualTo("connected to 10.0.0.9 after 127.0.0.1 (refused), 0:0:0:0:0:0:0:1 (timed out)");
        assertThat(attempts.failure()).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("tried 127.0.0.1 (refused), 0:0:0:0:0:0:0:1 (timed out) on port 8080");
    }
}
