package dev.scanledger.accounts;

import java.util.Locale;

public enum Role {
    DRIVER, MANAGER, ADMIN,
    /** May log in, but has none of the other roles' rights (users copied from the original with other roles). */
    NONE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
