package dev.scanledger.scans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DRF's OrderingFilter on the scan list: {@code ?ordering=phase,-id} names orderable fields, each ascending or,
 * with a leading '-', descending. Terms naming no orderable field are dropped; when none is left, the default
 * (id ascending) applies. The SQL is built only from the fixed column names below, never from the input.
 */
record ScanOrdering(List<String> sqlTerms) {

    static final String PARAMETER = "ordering";
    static final ScanOrdering DEFAULT = new ScanOrdering(List.of("s.id ASC"));
    /** The orderable fields, as the API names them, and their columns. */
    static final Map<String, String> FIELDS = fields();

    static ScanOrdering of(String[] parameterValues) {
        // Django's QueryDict.get: the last value of a repeated parameter.
        String raw = parameterValues == null || parameterValues.length == 0 ? null : parameterValues[parameterValues.length - 1];
        if (raw == null || raw.isEmpty()) {
            return DEFAULT;
        }
        List<String> terms = new ArrayList<>();
        for (String param : raw.split(",", -1)) {
            String term = param.strip();
            boolean descending = term.startsWith("-");
            String column = FIELDS.get(descending ? term.substring(1) : term);
            if (column != null) {
                terms.add(column + (descending ? " DESC" : " ASC"));
            }
        }
        return terms.isEmpty() ? DEFAULT : new ScanOrdering(List.copyOf(terms));
    }

    /** The ORDER BY list; id last, so rows equal in the named fields keep one order from page to page. */
    String orderBy() {
        List<String> all = new ArrayList<>(sqlTerms);
        all.add("s.id ASC");
        return String.join(", ", all);
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "s.id");
        fields.put("created_date", "s.created_date");
        fields.put("updated_date", "s.updated_date");
        fields.put("phase", "s.phase");
        fields.put("label", "s.label_id");
        return Map.copyOf(fields);
    }
}
