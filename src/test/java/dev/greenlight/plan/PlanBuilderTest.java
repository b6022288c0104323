package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.condition.Condition;
import dev.greenlight.condition.Operator;
import dev.greenlight.config.ConfigLoader;
import dev.greenlight.probe.wire.HttpTransport;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {

    /** A condition text read once for many checks still says where each check wrote it. */
    @Test
    void aConditionWrittenManyTimesKeepsEachPlaceItWasWritten() throws Exception {
        Plan plan = new PlanBuilder(new HttpTransport()).build(new ConfigLoader(k -> null).parse("same.yaml", """
                services:
                  api:
                    checks:
                      a: { http: "http://127.0.0.1:1/a", expect: ["[STATUS] == 200"] }
                      b: { http: "http://127.0.0.1:1/b", expect: ["[STATUS] == 200", "[BODY] == ok"] }
                      c: { http: "http://127.0.0.1:1/c", expect: ["[STATUS]  ==  200"] }
                """));
        List<Check> checks = plan.phases().get(0).checks();
        Condition a = checks.get(0).conditions().get(0);
        Condition b = checks.get(1).conditions().get(0);
        Condition c = checks.get(2).conditions().get(0);
        assertThat(List.of(a.location().line(), b.location().line(), c.location().line())).containsExactly(4, 5, 6);
        assertThat(List.of(a.operator(), b.operator(), c.operator())).containsOnly(Operator.EQ);
        assertThat(a.left()).isEqualTo(b.left()).isEqualTo(c.left());
        assertThat(checks.get(1).conditions().get(1).source()).isEqualTo("[BODY] == ok");
        assertThat(c.source()).isEqualTo("[STATUS]  ==  200");
    }
}
