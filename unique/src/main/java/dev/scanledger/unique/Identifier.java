package dev.scanledger.unique;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A table, column or constraint name that is safe to quote into SQL text.
 * Only plain names are accepted, so quoting can never be escaped; names are exact (case-sensitive) as in the catalog.
 */
record Identifier(String name) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    Identifier {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
    }

    String quoted() {
        return '"' + name + '"';
    }

    static String quotedList(Collection<Identifier> identifiers) {
        return identifiers.stream().map(Identifier::quoted).collect(Collectors.joining(", "));
    }

    static String quoted(String name) {
        return new Identifier(name).quoted();
    }

    static String quotedNames(Collection<String> names) {
        return names.stream().map(Identifier::quoted).collect(Collectors.joining(", "));
    }
}
