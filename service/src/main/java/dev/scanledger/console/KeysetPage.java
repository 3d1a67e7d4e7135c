package dev.scanledger.console;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a console list read by keyset: at most {@link #SIZE} rows and the cursor of the next page
 * (null on the last). A page costs the same wherever it is in the list, and no page grows with the data.
 * A search too broad to answer within that bound is refused, with the reason to show instead.
 */
record KeysetPage<T>(List<T> rows, String next, String refusal) {

    static final int SIZE = 50;

    /** The SQL LIMIT that tells whether a next page exists: one row more than a page. */
    static final int FETCH = SIZE + 1;

    /** From up to {@link #FETCH} rows read in the list's order. */
    static <T> KeysetPage<T> of(List<T> fetched, Function<T, String> cursor) {
        if (fetched.size() > SIZE) {
            return new KeysetPage<>(fetched.subList(0, SIZE), cursor.apply(fetched.get(SIZE - 1)), null);
        }
        return new KeysetPage<>(fetched, null, null);
    }

    /** No rows, and why: "No factory is named ...", "type more of the code". */
    static <T> KeysetPage<T> refused(String why) {
        return new KeysetPage<>(List.of(), null, why);
    }
}
