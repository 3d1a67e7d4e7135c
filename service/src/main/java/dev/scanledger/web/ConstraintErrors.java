package dev.scanledger.web;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one place that turns a constraint violation into the API's answer. The constraint is named by
 * the server's structured error field, never found by reading the (translated) message text, so
 * adding a constraint to the schema needs one entry here and no new catch block anywhere.
 */
public final class ConstraintErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String CHECK_VIOLATION = "23514";
    private static final String NOT_NULL_VIOLATION = "23502";

    private static final Map<String, Rule> RULES = Map.ofEntries(
            uniqueTogether("scans_label_phase_key", "label", "phase"),
            uniqueTogether("labels_factory_code_key", "factory", "code"),
            uniqueTogether("sites_kind_name_key", "kind", "name"),
            unique("users_username_key", "username", "A user with that username already exists."),
            reference("scans_label_id_fkey", "label"),
            reference("scans_distribution_fkey", "distribution"),
            reference("scans_store_fkey", "store"),
            reference("scans_user_id_fkey", "user"),
            reference("labels_factory_fkey", "factory"));

    private ConstraintErrors() {
    }

    /** DRF's UniqueTogetherValidator message. */
    public static String uniqueSetMessage(List<String> fields) {
        return "The fields " + String.join(", ", fields) + " must make a unique set.";
    }

    /** DRF's PrimaryKeyRelatedField message for a pk that matches nothing. */
    public static String missingReferenceMessage(Object pk) {
        return "Invalid pk \"" + pk + "\" - object does not exist.";
    }

    /** The answer for a duplicate of the named unique constraint. */
    public static ValidationException duplicate(String constraint) {
        return translate(constraint, UNIQUE_VIOLATION, Map.of());
    }

    /**
     * The 400 for a unique, foreign-key, check or not-null violation anywhere in {@code failure}'s causes, or empty
     * when it is not one or is a unique constraint with no entry here (the exception handler then
     * names its columns from the catalog). {@code attempted} maps API field names to the values the caller sent, for
     * messages that name a value.
     */
    public static Optional<ValidationException> translate(Throwable failure, Map<String, ?> attempted) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null
                    && isIntegrityViolation(psql)) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                if (NOT_NULL_VIOLATION.equals(psql.getSQLState())) {
                    return Optional.of(FieldErrors.single(String.valueOf(server.getColumn()), "This field may not be null."));
                }
                try {
                    return Optional.of(translate(server.getConstraint(), psql.getSQLState(), attempted));
                } catch (UnregisteredConstraintException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isIntegrityViolation(SQLException e) {
        return List.of(UNIQUE_VIOLATION, FOREIGN_KEY_VIOLATION, CHECK_VIOLATION, NOT_NULL_VIOLATION).contains(e.getSQLState());
    }

    private static ValidationException translate(String constraint, String sqlState, Map<String, ?> attempted) {
        Rule rule = constraint == null ? null : RULES.get(constraint);
        if (rule != null) {
            return rule.toError(attempted);
        }
        if (UNIQUE_VIOLATION.equals(sqlState)) {
            throw new UnregisteredConstraintException();
        }
        if (CHECK_VIOLATION.equals(sqlState)) {
            return FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, "This entry fails the check \"" + constraint + "\".");
        }
        return FieldErrors.single(FieldErrors.NON_FIELD_ERRORS,
                "This entry refers to an object that does not exist (\"" + constraint + "\").");
    }

    /** The answer for a unique constraint with no entry here, naming the columns the catalog gives. */
    public static ValidationException unregisteredDuplicate(List<String> columns) {
        return FieldErrors.single(FieldErrors.NON_FIELD_ERRORS, uniqueSetMessage(columns));
    }

    /** Signals that only the catalog can name the fields; see {@link #unregisteredDuplicate}. */
    private static final class UnregisteredConstraintException extends RuntimeException {
        UnregisteredConstraintException() {
            super(null, null, false, false);
        }
    }

    private static Map.Entry<String, Rule> uniqueTogether(String constraint, String... fields) {
        return unique(constraint, FieldErrors.NON_FIELD_ERRORS, uniqueSetMessage(List.of(fields)));
    }

    private static Map.Entry<String, Rule> unique(String constraint, String field, String message) {
        return Map.entry(constraint, attempted -> FieldErrors.single(field, message));
    }

    private static Map.Entry<String, Rule> reference(String constraint, String field) {
        return Map.entry(constraint, attempted -> FieldErrors.single(field, missingReferenceMessage(attempted.get(field))));
    }

    @FunctionalInterface
    private interface Rule {
        ValidationException toError(Map<String, ?> attempted);
    }
}
