package dev.scanledger.accounts;

import dev.scanledger.web.SerializerInfo;
import dev.scanledger.web.SerializerInfo.Field;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** DRF's AuthTokenSerializer: write-only username and password, the read-only token. */
@Component
class AuthTokenSerializerInfo implements SerializerInfo {

    private static final Map<String, Field> FIELDS = describe();

    @Override
    public Map<String, Field> fields() {
        return FIELDS;
    }

    private static Map<String, Field> describe() {
        Map<String, Field> fields = new LinkedHashMap<>();
        fields.put("username", Field.of("string", true, false, "Username"));
        fields.put("password", Field.of("string", true, false, "Password"));
        fields.put("token", Field.of("string", false, true, "Token"));
        return Collections.unmodifiableMap(fields);
    }
}
