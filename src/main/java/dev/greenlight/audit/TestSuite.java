package dev.greenlight.audit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A suite of one report file: its cases, the counts and time it declares, its properties, and what it
 * printed outside any case.
 *
 * @param declaredTests the {@code tests} attribute, when present (it can disagree with the cases listed)
 * @param declaredErrors the {@code errors} attribute, when present
 * @param timestamp     the {@code timestamp} attribute (when the suite started), when present and readable
 */
public record TestSuite(String file, String name, int line, List<TestCase> cases, Integer declaredTests,
                        Integer declaredErrors, Duration time, ReportTime timestamp, Map<String, String> properties,
                        String output) {

    public TestSuite {
        cases = List.copyOf(cases);
        properties = Map.copyOf(properties);
    }

    public long count(TestCase.Outcome outcome) {
        return cases.stream().filter(c -> c.outcome() == outcome).count();
    }
}
