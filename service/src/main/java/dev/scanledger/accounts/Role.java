package dev.scanledger.accounts;

import java.util.Locale;

public enum Role {
    DRIVER, MANAGER, ADMIN;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
