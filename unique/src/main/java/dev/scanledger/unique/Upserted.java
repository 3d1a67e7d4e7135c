package dev.scanledger.unique;

/** Result of update-or-create: the row as it is now, and what this call did to it. */
public record Upserted<T>(T row, Outcome outcome) {
}
