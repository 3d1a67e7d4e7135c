package dev.scanledger.unique;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Existing rows sharing one key: they would violate a unique constraint on the key's columns.
 * {@code ids} are primary-key values (a list per row when the primary key has several columns).
 */
public record DuplicateGroup(List<Object> key, long count, List<Object> ids) {
    public DuplicateGroup {
        key = Collections.unmodifiableList(new ArrayList<>(key));
        ids = List.copyOf(ids);
    }
}
