package dev.scanledger.unique;

/** What insert-all did with the input row at {@link #index()}. */
public sealed interface RowOutcome<T> {

    /** Position of the row in the caller's input list. */
    int index();

    /** The row was inserted; {@code row} is the row as stored (defaults filled in). */
    record Created<T>(int index, T row) implements RowOutcome<T> {
    }

    /** A row with the same key already existed (or was committed concurrently); {@code existing} is that row. */
    record DuplicateOfExisting<T>(int index, T existing) implements RowOutcome<T> {
    }

    /** An earlier input row, at {@code firstIndex}, has the same key; the first occurrence wins. */
    record DuplicateInInput<T>(int index, int firstIndex) implements RowOutcome<T> {
    }
}
