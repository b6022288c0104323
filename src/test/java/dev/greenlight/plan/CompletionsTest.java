package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Outcomes reach the waiting thread whether it sleeps, naps between a burst's outcomes, or is busy. */
class CompletionsTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @Test
    void aSleepingWaiterIsWokenByAnOutcomeNotByItsTimeout() throws Exception {
        Completions<String> completions = new Completions<>(2);
        Thread adder = later(200, () -> completions.add("first"));

        long asked = System.nanoTime();
        String first = completions.poll(LONG);

        assertThat(first).isEqualTo("first");
        assertThat(System.nanoTime() - asked).isLessThan(LONG / 2); // woken, not timed out
        adder.join();
    }

    @Test
    void afterAnOutcomeTheWaiterNapsAndStillGetsTheNextAndTheLastWakesItAtOnce() throws Exception {
        Completions<Integer> completions = new Completions<>(3);
        completions.add(1);
        assertThat(completions.poll(LONG)).isEqualTo(1); // the next wait begins with a nap
        Thread adder = later(300, () -> {
            completions.add(2);
            completions.add(3);
        });

        assertThat(completions.poll(LONG)).isEqualTo(2);
        assertThat(completions.poll(LONG)).isEqualTo(3);
        adder.join();
    }

    @Test
    void nothingComingIsNullAtTheTimeoutEvenAfterANap() {
        Completions<String> completions = new Completions<>(5);
        completions.add("only");
        assertThat(completions.poll(0)).isEqualTo("only");

        assertThat(completions.poll(TimeUnit.MILLISECONDS.toNanos(50))).isNull();
        assertThat(completions.poll(0)).isNull();
    }

    @Test
    void anInterruptedWaiterStopsWaitingAndKeepsItsInterrupt() {
        Completions<String> completions = new Completions<>(1);
        Thread.currentThread().interrupt();
        try {
            long asked = System.nanoTime();
            assertThat(completions.poll(LONG)).isNull();
            assertThat(System.nanoTime() - asked).isLessThan(LONG / 2); // not parked (or spinning) until the timeout
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void manyAddersAtOnceLoseNoOutcome() throws Exception {
        int adders = 8;
        int each = 2_000;
        Completions<Integer> completions = new Completions<>(adders * each);
        CountDownLatch go = new CountDownLatch(1);
        for (int a = 0; a < adders; a++) {
            int base = a * each;
            Thread t = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < each; i++) {
                    completions.add(base + i);
                }
            });
            t.setDaemon(true);
            t.start();
        }
        go.countDown();
        java.util.BitSet seen = new java.util.BitSet();
        for (int n = 0; n < adders * each; n++) {
            Integer outcome = completions.poll(LONG);
            assertThat(outcome).as("outcome %d of %d", n + 1, adders * each).isNotNull();
            seen.set(outcome);
        }
        assertThat(seen.cardinality()).isEqualTo(adders * each);
    }

    private static Thread later(long millis, Runnable action) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
