package dev.scanledger.sites;

import java.util.Locale;

/** Where a label can be: where it is made, where it passes through, where it is sold. */
public enum SiteKind {
    FACTORY, DISTRIBUTION, STORE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SiteKind fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
