package dev.greenlight.preflight.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which probe paths a route serves, in the route syntaxes of Flask, FastAPI/Spring, Express and Go. */
class HealthPathUnservedTest {

    @ParameterizedTest(name = "{0} serves {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /health              | /health               | true
            /health              | /health/              | true
            /health/             | /health               | true
            /health              | /health?full=1        | true
            /health              | /healthz              | false
            /health              | /health/db            | false
            /health/{component}  | /health/db            | true
            /health/:component   | /health/db            | true
            /health/<name>       | /health/db            | true
            /health/<int:id>     | /health/db/x          | false
            /files/<path:rest>   | /files/a/b            | true
            /static/*            | /static/a/b           | true
            /                    | /                     | true
            /                    | /health               | false
            """)
    void aRouteServesThePathsItsSyntaxMatches(String route, String path, boolean served) {
        assertThat(HealthPathUnserved.serves(route, path)).isEqualTo(served);
    }
}
