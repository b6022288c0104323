package dev.greenlight.condition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.Location;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import dev.greenlight.probe.Timings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conditions evaluated against one fixed observation: a 503 with a JSON body, 850 ms, over TLS. */
class ConditionTest {

    private static final String BODY = "{\"status\": \"degraded\", \"uptime\": 1826.4, \"startup_complete\": false,"
            + " \"dependencies\": {\"database\": {\"status\": \"fail\", \"latency_ms\": 10000}},"
            + " \"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"empty\": [], \"nothing\": null}";

    private static final Observation SEEN = new Observation("GET http://127.0.0.1/health", Instant.EPOCH, true,
            FailureSignature.NONE, "HTTP 503", Timings.total(Duration.ofMillis(850)), 503,
            Map.of("content-type", "application/json; charset=utf-8"), BODY, true,
            new dev.greenlight.probe.wire.TlsSession("TLSv1.3", "TLS_AES_128_GCM_SHA256", "CN=api", "CN=ca", Duration.ofDays(20)));

    private static final Observation REFUSED = Observation.failed("tcp 127.0.0.1:1", Instant.EPOCH,
            FailureSignature.CONNECTION_REFUSED, "refused", Timings.total(Duration.ofMillis(3)));

    @ParameterizedTest(name = "{0} -> {1} (actual {2})")
    @CsvSource(delimiter = '|', textBlock = """
            [STATUS] == 503                               | true  | 503
            [STATUS] == 200                               | false | 503
            [STATUS] != 200                               | true  | 503
            [STATUS] >= 500                               | true  | 503
            [STATUS] < 400                                | false | 503
            [STATUS] == any(502, 503, 504)                | true  | 503
            [STATUS] != any(502, 503)                     | false | 503
            [STATUS]==503                                 | true  | 503
            [RESPONSE_TIME] < 1s                          | true  | 850ms
            [RESPONSE_TIME] < 500ms                       | false | 850ms
            [RESPONSE_TIME] <= 850ms                      | true  | 850ms
            [RESPONSE_TIME] > 800                         | true  | 850ms
            [BODY].status == degraded                     | true  | degraded
            [BODY].status == "degraded"                   | true  | degraded
            [BODY].status == healthy                      | false | degraded
            [BODY].status == pat(*grad*)                  | true  | degraded
            [BODY].status != pat(heal*)                   | true  | degraded
            [BODY].uptime > 1800                          | true  | 1826.4
            [BODY].startup_complete == false              | true  | false
            [BODY].startup_complete == true               | false | false
            [BODY].dependencies.database.status == fail   | true  | fail
            [BODY].dependencies.database.latency_ms < 10s | false | 10000
            [BODY].items[1].name == b                     | true  | b
            len([BODY].items) == 2                        | true  | 2
            len([BODY].empty) > 0                         | false | 0
            len([BODY].status) == 8                       | true  | 8
            [BODY].nothing == null                        | true  | null
            [BODY].missing == anything                    | false | (body has no .missing)
            [BODY].missing != anything                    | false | (body has no .missing)
            [BODY].items[5].name == a                     | false | (body has no .items[5])
            [HEADER].content-type == pat(application/json*) | true | application/json; charset=utf-8
            [HEADER].x-missing == a                       | false | (no header x-missing)
            [CONNECTED] == true                           | true  | true
            [CERTIFICATE_EXPIRATION] > 479h               | true  | 480h
            [CERTIFICATE_EXPIRATION] > 720h               | false | 480h
            """)
    void evaluatesAgainstTheObservation(String source, boolean expected, String actual) throws ConfigException {
        ConditionResult result = new Evaluator(SEEN).evaluate(parse(source));

        assertThat(result.success()).isEqualTo(expected);
        assertThat(result.actual()).isEqualTo(actual);
        assertThat(result.condition()).isEqualTo(source);
    }

    @ParameterizedTest(name = "{0} fails when nothing answered")
    @CsvSource(delimiter = '|', textBlock = """
            [STATUS] == 200         | (no HTTP answer: CONNECTION_REFUSED)
            [STATUS] != 200         | (no HTTP answer: CONNECTION_REFUSED)
            [BODY].status != broken | (no body: CONNECTION_REFUSED)
            [CONNECTED] == true     | false
            [CERTIFICATE_EXPIRATION] > 1h | (no TLS certificate seen)
            """)
    void nothingPassesWithoutAnAnswer(String source, String actual) throws ConfigException {
        ConditionResult result = new Evaluator(REFUSED).evaluate(parse(source));

        assertThat(result.success()).isFalse();
        assertThat(result.actual()).isEqualTo(actual);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            [STATUS] == 200          | HTTP_STATUS
            [RESPONSE_TIME] < 1s     | SLOW_RESPONSE
            [BODY].status == healthy | BODY_MISMATCH
            len([BODY].items) > 0    | BODY_MISMATCH
            [CONNECTED] == true      | CONDITION_FAILED
            """)
    void failedConditionNamesItsSignature(String source, FailureSignature signature) throws ConfigException {
        assertThat(parse(source).signatureWhenFailed()).isEqualTo(signature);
    }

    @ParameterizedTest(name = "{0} -> bound {1} ms")
    @CsvSource(delimiter = '|', textBlock = """
            [RESPONSE_TIME] < 2s      | 2000
            [RESPONSE_TIME] <= 1500ms | 1500
            [RESPONSE_TIME] > 2s      | -1
            [STATUS] < 400            | -1
            """)
    void responseTimeUpperBoundIsKnown(String source, long boundMs) throws ConfigException {
        assertThat(parse(source).responseTimeBound().map(Duration::toMillis).orElse(-1L)).isEqualTo(boundMs);
    }

    private static Condition parse(String source) throws ConfigException {
        return ConditionParser.parse(source, new Location("t.yaml", 1, 1));
    }
}
