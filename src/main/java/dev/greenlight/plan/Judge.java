package dev.greenlight.plan;

import dev.greenlight.condition.Condition;
import dev.greenlight.condition.ConditionResult;
import dev.greenlight.condition.Evaluator;
import dev.greenlight.condition.Samples;
import dev.greenlight.health.DeployedVersion;
import dev.greenlight.health.Environments;
import dev.greenlight.health.HealthParser;
import dev.greenlight.health.HealthReport;
import dev.greenlight.probe.FailureSignature;
import dev.greenlight.probe.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Judges one observation: PASS when the probe got its answer, every condition holds and the answer's
 * health body (in any format {@link HealthParser} reads) does not say the service is down or still
 * starting. The body is the service's own word: a 200 saying {@code DOWN} is a failure
 * ({@code REPORTED_DOWN}), unless the check says {@code ignore_health_body: true}.
 */
final class Judge {

    private Judge() {
    }

    /** @param health what the observation's body says ({@link HealthParser#parse}), read once by the caller */
    static Round judge(Check check, Observation observation, HealthReport health) {
        Evaluator evaluator = new Evaluator(observation);
        List<ConditionResult> results = new ArrayList<>();
        FailureSignature conditionSignature = null;
        String conditionDetail = null;
        for (Condition condition : check.perProbeConditions()) {
            ConditionResult result = evaluator.evaluate(condition);
            results.add(result);
            if (!result.success() && conditionSignature == null) {
                conditionSignature = condition.signatureWhenFailed();
                conditionDetail = condition.source() + " failed (actual: " + result.actual() + ")";
            }
        }
        // degraded by its own word, or up by its own word while it says a dependency is down: not all healthy either way
        boolean degraded = health.status() == HealthReport.Status.DEGRADED || health.status() == HealthReport.Status.HEALTHY
                && health.dependencies().stream().anyMatch(HealthReport.Dependency::failing);
        FailureSignature seen = observation.signature();
        if (seen == FailureSignature.CANCELLED) {
            return new Round(CheckStatus.SKIPPED, seen, "stopped: the phase's outcome was already certain", results,
                    observation, 0, false);
        }
        if (seen == FailureSignature.INTERNAL_ERROR) {
            return new Round(CheckStatus.ERROR, seen, observation.detail(), results, observation, 0, false);
        }
        if (!observation.reached()) {
            return new Round(CheckStatus.FAIL, seen, observation.detail(), results, observation, 0, degraded);
        }
        if (check.judgeHealthBody() && health.service() != null
                && check.otherServices().contains(health.service().toLowerCase(Locale.ROOT))) {
            return new Round(CheckStatus.FAIL, FailureSignature.WRONG_SERVICE, (observation.status() == null ? ""
                    : "HTTP " + observation.status() + ", but ") + "its health body says it is service '" + health.service()
                    + "', not " + check.service() + ": traffic for " + check.service() + " reaches another service", results,
                    observation, 0, false);
        }
        String environment = saidEnvironment(health, observation);
        if (check.judgeHealthBody() && environment != null && check.environment().isPresent()
                && Environments.differ(check.environment().get(), environment)) {
            return new Round(CheckStatus.FAIL, FailureSignature.WRONG_ENVIRONMENT, (observation.status() == null ? ""
                    : "HTTP " + observation.status() + ", but ") + (health.environment() != null ? "its health body says"
                    : "its X-Environment header says") + " environment '" + environment + "', and this plan checks "
                    + check.environment().get() + ": the address reaches another environment's deployment", results,
                    observation, 0, false);
        }
        if (check.expectedVersion().isPresent()) {
            Round another = anotherVersion(check.expectedVersion().get(), observation, health, results);
            if (another != null) {
                return another;
            }
        }
        if (conditionSignature != null) {
            return new Round(CheckStatus.FAIL, conditionSignature, conditionDetail, results, observation, 0, degraded);
        }
        if (check.judgeHealthBody() && saysNotUp(health)) {
            return new Round(CheckStatus.FAIL, FailureSignature.REPORTED_DOWN, whatTheBodySays(observation, health), results,
                    observation, 0, false);
        }
        return new Round(CheckStatus.PASS, FailureSignature.NONE, observation.detail(), results, observation, 0, degraded);
    }

    /** The environment an answer says it comes from: its health body's word, else an {@code X-Environment} header. */
    private static String saidEnvironment(HealthReport health, Observation observation) {
        if (health.environment() != null || observation.headers() == null) {
            return health.environment();
        }
        for (java.util.Map.Entry<String, String> h : observation.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("x-environment") || h.getKey().equalsIgnoreCase("x-env")) {
                return h.getValue();
            }
        }
        return null;
    }

    /**
     * A sampled check's attempt, over its samples: PASS when every condition over samples holds (without any,
     * when every sample passed). The per-probe results are those of the first failed sample, else the last.
     */
    static Round judgeSamples(Check check, Samples samples, Round firstFailed, Round last, boolean cut) {
        Evaluator evaluator = new Evaluator(last.observation(), samples);
        List<ConditionResult> results = new ArrayList<>((firstFailed != null ? firstFailed : last).conditions());
        Condition failed = null;
        ConditionResult failedResult = null;
        boolean any = false;
        for (Condition condition : check.conditions()) {
            if (condition.overSamples()) {
                any = true;
                ConditionResult r = evaluator.evaluate(condition);
                results.add(r);
                if (!r.success() && failed == null) {
                    failed = condition;
                    failedResult = r;
                }
            }
        }
        String summary = samples.summary() + (cut ? " (stopped early: the bar can no longer be met)" : "");
        if (failed != null) {
            return new Round(CheckStatus.FAIL, failed.signatureWhenFailed(), summary + "; " + failed.source()
                    + " failed (actual: " + failedResult.actual() + ")", results, last.observation(), 0, false)
                    .withHealth(last.health());
        }
        if (!any && firstFailed != null) {
            return new Round(CheckStatus.FAIL, firstFailed.signature(), summary + "; a sample failed: " + firstFailed.detail(),
                    results, firstFailed.observation(), 0, firstFailed.degraded()).withHealth(firstFailed.health());
        }
        return new Round(CheckStatus.PASS, FailureSignature.NONE, summary, results, last.observation(), 0, last.degraded())
                .withHealth(last.health());
    }

    /**
     * WRONG_VERSION when the answer names versions and none is the expected one (the previous release still answers); the
     * comparison joins the check's conditions as evidence either way. Null when the answer may pass.
     */
    private static Round anotherVersion(String expected, Observation observation, HealthReport health,
                                        List<ConditionResult> results) {
        String asked = versionCondition(expected);
        DeployedVersion.Outcome outcome = DeployedVersion.of(expected, health, observation.headers());
        if (outcome instanceof DeployedVersion.Confirmed confirmed) {
            results.add(new ConditionResult(asked, true, confirmed.said().toString()));
        } else if (outcome instanceof DeployedVersion.Other other) {
            String seen = other.said().stream().map(Object::toString).collect(Collectors.joining(", "));
            results.add(new ConditionResult(asked, false, seen));
            return new Round(CheckStatus.FAIL, FailureSignature.WRONG_VERSION, (observation.status() == null ? ""
                    : "HTTP " + observation.status() + ", but ") + "it runs version " + seen + ", not " + expected
                    + ": the deployed version is not the one answering", results, observation, 0, false);
        }
        return null;
    }

    /** How the comparison with {@code expected_version} is named among a check's conditions. */
    static String versionCondition(String expected) {
        return "expected_version == " + expected;
    }

    private static boolean saysNotUp(HealthReport health) {
        return health.status() == HealthReport.Status.UNHEALTHY || health.status() == HealthReport.Status.STARTING;
    }

    /** "HTTP 200, but its health body (spring) says down: db down (connection refused)". */
    static String whatTheBodySays(Observation observation, HealthReport health) {
        StringBuilder s = new StringBuilder();
        if (observation.status() != null) {
            s.append("HTTP ").append(observation.status()).append(", but ");
        }
        if (health.format().equals("graphql")) {
            return s.append("the GraphQL answer has errors: ").append(health.dependencies().stream()
                    .map(d -> d.path() + ": " + d.error()).collect(Collectors.joining("; "))).toString();
        }
        s.append("its health body (").append(health.format()).append(") says ");
        if (health.status() == HealthReport.Status.STARTING) {
            s.append("startup is not complete");
            if (health.startupPhase() != null) {
                s.append(" (phase ").append(health.startupPhase()).append(')');
            }
        } else {
            s.append(health.status().name().toLowerCase(Locale.ROOT));
        }
        String failing = health.dependencies().stream().filter(HealthReport.Dependency::failing)
                .map(d -> d.path() + " down" + (d.error() == null ? "" : " (" + d.error() + ")"))
                .collect(Collectors.joining(", "));
        if (!failing.isEmpty()) {
            s.append(": ").append(failing);
        }
        return s.toString();
    }
}
