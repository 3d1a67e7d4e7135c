package dev.scanledger.migration;

import dev.scanledger.accounts.ApiTokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;

/**
 * DRF's tokens: each key keeps working for its user, stored hashed like Scanledger's own keys (a phone
 * keeps the key it holds). Keys are few (one per user in DRF), so each is imported on its own.
 */
final class TokenCopy {

    private final ApiTokens tokens;

    TokenCopy(ApiTokens tokens) {
        this.tokens = tokens;
    }

    Delta copy(DjangoSource source, long[] skippedUsers, Progress progress) throws SQLException {
        String table = source.layout().tables().tokens();
        Progress.Table shown = progress.table("tokens", source.count(table));
        long considered = 0;
        long inserted = 0;
        long skipped = 0;
        try (PreparedStatement ps = source.connection().prepareStatement("SELECT key, user_id, created FROM " + table + " ORDER BY user_id, created")) {
            ps.setFetchSize(DjangoSource.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long user = rs.getLong("user_id");
                    if (Arrays.binarySearch(skippedUsers, user) >= 0) {
                        skipped++;
                    } else {
                        considered++;
                        Timestamp created = rs.getTimestamp("created");
                        if (tokens.importKey(user, rs.getString("key"), created.toInstant())) {
                            inserted++;
                        }
                    }
                    shown.advance(1);
                }
            }
        }
        Delta delta = new Delta("tokens", considered, inserted, 0, skipped);
        shown.finish(delta);
        return delta;
    }
}
