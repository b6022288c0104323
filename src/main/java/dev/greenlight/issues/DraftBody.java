package dev.greenlight.issues;

import java.util.List;
import java.util.Map;

/** The Markdown body of a draft; issue numbers, once known, turn the links between root causes into "#N". */
public final class DraftBody {

    private DraftBody() {
    }

    public static String render(IssueDraft draft, Map<Fingerprint, IssueLink> filed) {
        IssueDraft.BodyParts p = draft.parts();
        StringBuilder out = new StringBuilder();
        out.append(draft.fingerprint().marker()).append('\n').append(draft.runMarker()).append("\n\n");
        out.append(p.summary()).append("\n\n");
        section(out, "Why", p.why(), true);
        section(out, "Evidence", p.evidence(), false);
        section(out, "Next checks", p.nextChecks(), false);
        section(out, "Impact", p.impact(), false);
        if (!p.cascades().isEmpty()) {
            out.append("### Failing because of it\n\n");
            for (IssueDraft.Cascade c : p.cascades()) {
                out.append("- [ ] **").append(c.service()).append("**: ").append(oneLine(c.because()));
                List<Fingerprint> others = draft.alsoExplainedBy().getOrDefault(c.service(), List.of());
                for (Fingerprint other : others) {
                    IssueLink link = filed.get(other);
                    out.append(link == null ? " (also depends on another root cause, fingerprint `" + other.value() + "`)"
                            : " (also depends on #" + link.number() + ")");
                }
                out.append('\n');
            }
            out.append('\n');
        }
        section(out, "Run", p.run(), false);
        out.append("<sub>Filed by Greenlight. Fingerprint `").append(draft.fingerprint().value())
                .append("`: the same root cause in the same environment updates this issue instead of opening another.</sub>\n");
        return out.toString();
    }

    /** A comment on an open issue that the same root cause failed again, with this run's evidence. */
    public static String comment(IssueDraft draft) {
        IssueDraft.BodyParts p = draft.parts();
        StringBuilder out = new StringBuilder();
        out.append(draft.runMarker()).append("\n\nFailed again: ").append(p.summary()).append("\n\n");
        section(out, "Why", p.why(), true);
        section(out, "Evidence", p.evidence(), false);
        section(out, "Run", p.run(), false);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<String> lines, boolean numbered) {
        if (lines.isEmpty()) {
            return;
        }
        out.append("### ").append(title).append("\n\n");
        int n = 1;
        for (String line : lines) {
            out.append(numbered ? (n++) + ". " : "- ").append(oneLine(line)).append('\n');
        }
        out.append('\n');
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }
}
