package dev.greenlight.issues;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenlight.report.SavedReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Files a run's drafts on GitHub without duplicates: an open Greenlight issue with the same fingerprint gets a
 * comment with the new evidence (none when it already has this run's), a new root cause a new issue, shared
 * cascades "depends on #N" links, and with {@code closeResolved} an open issue whose root cause this run saw pass is
 * closed with a comment saying which run proved it. Stops at the first refusal and says what was and was not done.
 */
public final class GitHubPublisher {

    public static final String LABEL = "greenlight";

    /** What one publish did; {@code notDone} is empty when everything was filed. */
    public record Outcome(List<String> created, List<String> commented, List<String> unchanged, List<String> closed,
                          List<String> notDone, String error, int requests) {

        public boolean complete() {
            return notDone.isEmpty() && error == null;
        }
    }

    private final GitHubApi api;

    public GitHubPublisher(GitHubApi api) {
        this.api = api;
    }

    public Outcome publish(List<IssueDraft> drafts, SavedReport report, boolean closeResolved) {
        List<String> created = new ArrayList<>();
        List<String> commented = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        List<String> pending = new ArrayList<>(drafts.stream().map(IssueDraft::title).toList());
        Map<Fingerprint, IssueLink> filed = new HashMap<>();
        try {
            Map<Fingerprint, JsonNode> open = new HashMap<>();
            for (JsonNode issue : api.openIssues(LABEL)) {
                Fingerprint.in(issue.path("body").asText(null)).ifPresent(fp -> open.putIfAbsent(fp, issue));
            }
            List<IssueDraft> fresh = new ArrayList<>();
            for (IssueDraft draft : drafts) {
                JsonNode existing = open.get(draft.fingerprint());
                if (existing == null) {
                    fresh.add(draft);
                    continue;
                }
                int number = existing.path("number").asInt();
                filed.put(draft.fingerprint(), new IssueLink(number, existing.path("html_url").asText()));
                if (existing.path("body").asText("").contains(draft.runMarker())
                        || api.comments(number).stream().anyMatch(c -> c.contains(draft.runMarker()))) {
                    unchanged.add("#" + number + " " + draft.title() + " (already has this run)");
                } else {
                    api.comment(number, DraftBody.comment(draft));
                    commented.add("#" + number + " " + draft.title());
                }
                pending.remove(draft.title());
            }
            for (IssueDraft draft : fresh) {
                IssueLink link = api.create(draft.title(), DraftBody.render(draft, filed), draft.labels());
                filed.put(draft.fingerprint(), link);
                created.add("#" + link.number() + " " + draft.title());
                pending.remove(draft.title());
            }
            for (IssueDraft draft : fresh) {
                if (!draft.alsoExplainedBy().isEmpty()) { // now every number is known: link the shared cascades
                    api.updateBody(filed.get(draft.fingerprint()).number(), DraftBody.render(draft, filed));
                }
            }
            if (closeResolved) {
                closeResolved(open, drafts, report, closed, pending);
            }
            return new Outcome(created, commented, unchanged, closed, pending, null, api.requests());
        } catch (GitHubException e) {
            return new Outcome(created, commented, unchanged, closed, pending, e.getMessage(), api.requests());
        }
    }

    /**
     * Closes open issues of this environment whose fingerprint did not fail this run, but only when this run saw the
     * service answer: every one of its checks passed. A run that could not observe (INCONCLUSIVE), or did not check
     * that service, proves nothing and closes nothing.
     */
    private void closeResolved(Map<Fingerprint, JsonNode> open, List<IssueDraft> drafts, SavedReport report, List<String> closed,
                               List<String> pending) throws GitHubException {
        if ("INCONCLUSIVE".equals(report.verdict())) {
            return;
        }
        String environment = report.environment().isEmpty() ? "default" : report.environment();
        Set<Fingerprint> failing = drafts.stream().map(IssueDraft::fingerprint).collect(Collectors.toSet());
        for (Map.Entry<Fingerprint, JsonNode> e : open.entrySet()) {
            Fingerprint fp = e.getKey();
            String service = serviceLabel(e.getValue());
            if (failing.contains(fp) || !fp.environment().equals(environment) || service == null || !allPassed(report, service)) {
                continue;
            }
            int number = e.getValue().path("number").asInt();
            pending.add("close #" + number);
            api.comment(number, "Resolved: the run at " + report.startedAt() + " (verdict " + report.verdict() + ") saw every check of **"
                    + service + "** pass in " + environment + (report.command().isEmpty() ? "" : " (`" + report.command().replace("`", "'") + "`)")
                    + ". Closing.");
            api.close(number);
            pending.remove("close #" + number);
            closed.add("#" + number + " " + e.getValue().path("title").asText());
        }
    }

    private static String serviceLabel(JsonNode issue) {
        for (JsonNode label : issue.path("labels")) {
            String name = label.isTextual() ? label.asText() : label.path("name").asText("");
            if (name.startsWith("service:")) {
                return name.substring("service:".length());
            }
        }
        return null;
    }

    private static boolean allPassed(SavedReport report, String service) {
        List<SavedReport.SavedCheck> checks = report.checks().values().stream().filter(c -> c.service().equals(service)).toList();
        return !checks.isEmpty() && checks.stream().allMatch(SavedReport.SavedCheck::passed);
    }
}
