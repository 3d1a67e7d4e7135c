package dev.scanledger.unique;

/** Result of get-or-create: the row, and whether this call inserted it. */
public record Got<T>(T row, boolean created) {
}
