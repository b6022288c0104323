package dev.greenlight.issues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** The dry run's files: one Markdown file per draft and one JSON index of them all. */
public final class DraftIndex {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DraftIndex() {
    }

    /** {@code 01-postgres-3f2a9c0d1e2b4a5c.md} */
    public static String fileName(int position, IssueDraft draft) {
        String service = draft.service().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return String.format(Locale.ROOT, "%02d-%s-%s.md", position, service, draft.fingerprint().value());
    }

    public static boolean isDraftFile(String name) {
        return name.matches("[0-9]{2,}-[a-z0-9._-]+-[0-9a-f]{16}\\.md");
    }

    /** A draft as a file: its title, its labels, then the body it would be filed with. */
    public static String markdown(IssueDraft draft) {
        return "# " + draft.title() + "\n\nLabels: " + String.join(", ", draft.labels().stream().map(l -> "`" + l + "`").toList())
                + "\n\n" + DraftBody.render(draft, java.util.Map.of());
    }

    public static String json(List<IssueDraft> drafts, String source) {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", source);
        ArrayNode items = root.putArray("drafts");
        for (int i = 0; i < drafts.size(); i++) {
            IssueDraft d = drafts.get(i);
            ObjectNode n = items.addObject();
            n.put("file", fileName(i + 1, d));
            n.put("fingerprint", d.fingerprint().value());
            n.put("environment", d.fingerprint().environment());
            n.put("service", d.service());
            n.put("signature", d.signature());
            n.put("title", d.title());
            d.labels().forEach(n.putArray("labels")::add);
            ArrayNode cascades = n.putArray("cascades");
            d.parts().cascades().forEach(c -> cascades.add(c.service()));
            ObjectNode shared = n.putObject("also_explained_by");
            d.alsoExplainedBy().forEach((service, prints) -> prints.forEach(fp -> shared.withArray(service).add(fp.value())));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the index", e);
        }
    }
}
