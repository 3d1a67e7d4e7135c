package dev.scanledger.scans;

import dev.scanledger.web.SerializerInfo;
import dev.scanledger.web.SerializerInfo.Choice;
import dev.scanledger.web.SerializerInfo.Field;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The original ScanSerializer as DRF's metadata describes it: a ModelSerializer of the Scan model (labels from the
 * model fields' verbose names) with the nested, read-only UserSerializer.
 */
@Component
class ScanSerializerInfo implements SerializerInfo {

    private static final Map<String, Field> FIELDS = describe();

    @Override
    public Map<String, Field> fields() {
        return FIELDS;
    }

    private static Map<String, Field> describe() {
        Map<String, Field> user = new LinkedHashMap<>();
        user.put("id", Field.of("integer", false, true, "ID"));
        user.put("username", Field.of("string", true, false, "Username")
                .helpText("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.").maxLength(150));
        user.put("first_name", Field.of("string", false, false, "First name").maxLength(150));
        user.put("last_name", Field.of("string", false, false, "Last name").maxLength(150));
        Map<String, Field> fields = new LinkedHashMap<>();
        fields.put("id", Field.of("integer", false, true, "ID"));
        fields.put("user", Field.of("nested object", false, true, "User").children(user));
        fields.put("label", Field.of("field", true, false, "Label"));
        fields.put("phase", Field.of("choice", false, false, "Phase").choices(List.of(new Choice(0, "Unknown"),
                new Choice(1, "Factory"), new Choice(2, "Distribution"), new Choice(3, "Store"))));
        fields.put("distribution", Field.of("field", false, false, "Distribution"));
        fields.put("store", Field.of("field", false, false, "Store"));
        fields.put("label_image", Field.of("image upload", false, false, "Label image").maxLength(ScanImages.MAX_NAME_LENGTH));
        fields.put("label_coordinate", Field.of("field", false, false, "Label coordinate"));
        fields.put("label_quality", Field.of("float", false, true, "Label quality"));
        fields.put("created_date", Field.of("datetime", false, true, "Created date"));
        fields.put("updated_date", Field.of("datetime", false, true, "Updated date"));
        return Collections.unmodifiableMap(fields);
    }
}
