package dev.greenlight.config;

/** What a service's failure costs: priority (P0..P4), a note, the yearly revenue at risk. */
public record Impact(String priority, String note, long arrAtRisk) {

    public static final Impact NONE = new Impact(null, null, 0);

    static Impact read(Node node, String what) throws ConfigException {
        Fields f = Fields.of(node, "impact of " + what, "priority", "note", "arr_at_risk");
        String priority = f.string("priority").orElse(null);
        if (priority != null && !priority.matches("P[0-4]")) {
            throw new ConfigException(f.node("priority").get().location(),
                    "priority of " + what + " must be one of P0, P1, P2, P3, P4, got '" + priority + "'");
        }
        long arr = f.integer("arr_at_risk", 0, Integer.MAX_VALUE).orElse(0);
        return new Impact(priority, f.string("note").orElse(null), arr);
    }
}
