package dev.scanledger.migration;

import java.util.Optional;

/**
 * The Django tables copied, named as Django names them ({@code <app>_<model>}). The user table is found
 * when not given: the project's custom {@code accounts_user}, or else Django's stock {@code auth_user}.
 */
record DjangoTables(
        Optional<String> users,
        String tokens,
        String factories,
        String distributions,
        String stores,
        String labels,
        String scans) {

    static final String CUSTOM_USERS = "accounts_user";
    static final String STOCK_USERS = "auth_user";

    static final DjangoTables DEFAULTS = new DjangoTables(Optional.empty(), "authtoken_token", "factories_factory",
            "factories_distribution", "factories_store", "labels_label", "labels_scan");

    /** A table name as given on the command line: {@code table} or {@code schema.table}, nothing to quote. */
    static String checkedName(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
            throw new MigrationOptions.UsageException("\"" + name + "\" is not a table name.");
        }
        return name;
    }
}
