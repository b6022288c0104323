package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The probe threads: readied before the run, never more than the plan's concurrency, nothing submitted left behind. */
class ProbeThreadsTest {

    @Test
    void threadsAreStartedBeforeAnyCheckIsSubmitted() throws Exception {
        try (ProbeThreads threads = ProbeThreads.ready(25)) {
            awaitStarted(threads, 25);

            assertThat(threads.started()).isEqualTo(25); // and no more
        }
    }

    @Test
    void aPlanLargerThanTheFirstGuessRaisesTheNumberAndASmallerOneDoesNotLowerIt() throws Exception {
        try (ProbeThreads threads = ProbeThreads.ready(4)) {
            awaitStarted(threads, 4);
            threads.ensure(12);
            awaitStarted(threads, 12);
            threads.ensure(2);
            Thread.sleep(50);

            assertThat(threads.started()).isEqualTo(12);
        }
    }

    private static void awaitStarted(ProbeThreads threads, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.started() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(50); // time to overshoot, were it to
    }

    @Test
    void aHeldThreadAddsASpareOnceNotOnePerCallSoWatchRunsDoNotGrowThePool() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(2);
        try (ProbeThreads threads = ProbeThreads.ready(2)) {
            java.util.concurrent.Executor run = threads.executor(8);
            for (int i = 0; i < 2; i++) {
                run.execute(() -> { // two checks that went on to block their threads
                    holding.countDown();
                    awaitQuietly(release);
                });
            }
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 10; i++) {
                threads.oneMoreHeld();
            }
            awaitStarted(threads, 3);
            assertThat(threads.started()).isEqualTo(3); // the two held, and one to spare

            release.countDown();
            Thread.sleep(50);
            for (int i = 0; i < 10; i++) { // the next run's: nothing held now
                threads.oneMoreHeld();
            }
            Thread.sleep(50);
            assertThat(threads.started()).isEqualTo(3);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void checksSubmittedWhileThreadsAreStillStartingAllRunAtMostSizeAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(60);
        try (ProbeThreads threads = ProbeThreads.ready(60)) {
            java.util.concurrent.Executor run = threads.executor(8);
            for (int i = 0; i < 60; i++) { // submitted at once: most before their thread exists
                run.execute(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleepQuietly(20);
                    running.decrementAndGet();
                    done.countDown();
                });
            }

            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(most.get()).isEqualTo(8);
        }
    }

    @Test
    void aThreadHeldByAProbeThatNeverReturnedIsReplacedForTheNextRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ProbeThreads threads = ProbeThreads.ready(2)) {
            threads.executor(2).execute(() -> { // a probe that ignores being stopped
                while (true) {
                    try {
                        if (release.await(10, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException ignored) {
                        // stopped: ignored, as a hung probe would
                    }
                }
            });
            awaitStarted(threads, 2);
            threads.ensureFree(2);
            awaitStarted(threads, 3);

            assertThat(threads.started()).isEqualTo(3);
            assertThat(runFour(threads.ensureFree(4))).hasSize(4); // four at once still, beside the held one
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPoolKeptForTheNextRunRunsItOnTheSameThreads() throws Exception {
        try (ProbeThreads threads = ProbeThreads.ready(4)) {
            java.util.Set<Thread> first = runFour(threads);
            java.util.Set<Thread> second = runFour(threads);

            assertThat(first).hasSize(4);
            assertThat(second).isEqualTo(first);
        }
    }

    private static java.util.Set<Thread> runFour(ProbeThreads threads) throws InterruptedException {
        java.util.Set<Thread> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(4);
        java.util.concurrent.Executor run = threads.executor(4);
        for (int i = 0; i < 4; i++) {
            run.execute(() -> {
                used.add(Thread.currentThread());
                all.countDown();
                try {
                    all.await(); // four at once, so four threads
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        return used;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
