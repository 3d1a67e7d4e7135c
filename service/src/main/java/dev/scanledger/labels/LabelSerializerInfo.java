package dev.scanledger.labels;

import dev.scanledger.web.SerializerInfo;
import dev.scanledger.web.SerializerInfo.Field;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A label's fields as DRF's metadata would describe a ModelSerializer of it. */
@Component
class LabelSerializerInfo implements SerializerInfo {

    private static final Map<String, Field> FIELDS = describe();

    @Override
    public Map<String, Field> fields() {
        return FIELDS;
    }

    private static Map<String, Field> describe() {
        Map<String, Field> fields = new LinkedHashMap<>();
        fields.put("id", Field.of("integer", false, true, "ID"));
        fields.put("factory", Field.of("field", true, false, "Factory"));
        fields.put("code", Field.of("string", true, false, "Code").maxLength(LabelForm.MAX_CODE_LENGTH));
        fields.put("furthest_phase", Field.of("integer", false, true, "Furthest phase"));
        fields.put("furthest_site", Field.of("field", false, true, "Furthest site"));
        fields.put("created_date", Field.of("datetime", false, true, "Created date"));
        return Collections.unmodifiableMap(fields);
    }
}
