package dev.greenlight.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.diagnose.Classification;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.report.SavedReport;
import dev.greenlight.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher joining a fleet reads the history a page at a time (months of runs are not held at once): every run of
 * the plan is handed out once, in order, whole with its root causes, whatever the page size.
 */
class OthersRunsPagingTest {

    @TempDir
    Path dir;

    private static SavedReport run(String environment, int rootCauses) {
        List<Diagnosis.RootCause> causes = new ArrayList<>();
        for (int i = 0; i < rootCauses; i++) {
            causes.add(new Diagnosis.RootCause("db" + i, null, "CONNECTION_REFUSED", Classification.CONFIGURATION, List.of(),
                    List.of(), null, List.of()));
        }
        return new SavedReport("test", rootCauses == 0 ? "GO" : "NO-GO", environment, "2026-11-28T01:00:00Z", "", Map.of(),
                causes);
    }

    @Test
    void aLongHistoryIsHandedOutAPageAtATimeEachRunOnceAndWhole() throws Exception {
        try (RunStore store = RunStore.open("sqlite:" + dir.resolve("history.db"), true)) {
            List<Long> plan = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                plan.add(store.record(run("production", i % 3), 10, 10, 1, "sha"));
                store.record(run("staging", 1), 10, 10, 1, "sha-staging"); // another plan's, between each
            }
            OthersRuns others = new OthersRuns("production", "sha", 8);
            List<RunStore.SeenRun> handed = new ArrayList<>();

            assertThat(others.unseen(store, handed::add)).isEqualTo(50);

            assertThat(handed).extracting(RunStore.SeenRun::id).containsExactlyElementsOf(plan);
            assertThat(handed).extracting(r -> r.rootCauses().size()).as("no run cut in two at a page's end")
                    .containsExactlyElementsOf(plan.stream().map(id -> plan.indexOf(id) % 3).toList());
            long next = store.record(run("production", 0), 10, 10, 0, "sha");
            handed.clear();
            assertThat(others.unseen(store, handed::add)).isEqualTo(1);
            assertThat(handed).extracting(RunStore.SeenRun::id).containsExactly(next);
        }
    }
}
