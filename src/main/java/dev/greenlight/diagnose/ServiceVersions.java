package dev.greenlight.diagnose;

import dev.greenlight.health.DeployedVersion;
import dev.greenlight.health.HealthReport;
import dev.greenlight.plan.CheckResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The version each service said it runs, from its checks' last answers (health bodies and version headers): evidence of
 * what was verified, and, beside a baseline run, of a release that came between a green run and a red one. With an
 * {@code expected_version}, the answer that confirmed it is taken first.
 */
final class ServiceVersions {

    private ServiceVersions() {
    }

    static Map<String, Diagnosis.Version> of(Map<String, List<CheckResult>> checks, Function<CheckResult, HealthReport> reports) {
        Map<String, Diagnosis.Version> out = new LinkedHashMap<>();
        checks.forEach((service, own) -> {
            Optional<String> expected = own.stream().map(c -> c.check().expectedVersion()).flatMap(Optional::stream).findFirst();
            DeployedVersion.Said first = null;
            boolean confirmed = false;
            for (CheckResult c : own) {
                if (c.observation() == null) {
                    continue;
                }
                List<DeployedVersion.Said> said = DeployedVersion.said(reports.apply(c), c.observation().headers());
                if (said.isEmpty()) {
                    continue;
                }
                if (expected.isPresent() && DeployedVersion.compare(expected.get(), said) instanceof DeployedVersion.Confirmed ok) {
                    first = ok.said();
                    confirmed = true;
                    break;
                }
                if (first == null) {
                    first = said.get(0);
                    if (expected.isEmpty()) {
                        break; // nothing to confirm: the first answer that says a version is the service's
                    }
                }
            }
            if (first != null) {
                out.put(service, new Diagnosis.Version(first.value(), first.where(), expected.orElse(null), confirmed));
            }
        });
        return out;
    }
}
