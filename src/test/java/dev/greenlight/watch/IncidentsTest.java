package dev.greenlight.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.Verdict;
import org.junit.jupiter.api.Test;

/** When the rollback hook is due, with runs a fleet's other watchers made counted too. */
class IncidentsTest {

    @Test
    void aRunAnotherWatcherMadeCountsTowardsTheIncidentAndTheHookIsDueHereOnce() {
        Incidents incidents = new Incidents(3);
        incidents.observe(Verdict.NO_GO);
        incidents.observe(Verdict.NO_GO);
        assertThat(incidents.onRun(Verdict.NO_GO)).as("third NO-GO in a row, two of them seen from peers").isTrue();
        assertThat(incidents.onRun(Verdict.NO_GO)).as("the same incident").isFalse();
    }

    @Test
    void whenAPeerMadeTheHookDueThisWatcherDoesNotCallItAgainInTheSameIncident() {
        Incidents incidents = new Incidents(2);
        assertThat(incidents.onRun(Verdict.NO_GO)).isFalse();
        incidents.observe(Verdict.NO_GO); // the peer's run made it due: the peer called the hook
        assertThat(incidents.onRun(Verdict.ABORTED)).isFalse();
        incidents.observe(Verdict.GO); // over
        incidents.observe(Verdict.INCONCLUSIVE);
        assertThat(incidents.onRun(Verdict.NO_GO)).isFalse();
        assertThat(incidents.onRun(Verdict.NO_GO)).as("a new incident").isTrue();
    }
}
