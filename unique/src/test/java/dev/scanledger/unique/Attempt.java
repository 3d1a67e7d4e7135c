package dev.scanledger.unique;

/** What one racing thread got: a value, or the exception it threw. */
record Attempt<R>(R value, Throwable failure) {

    boolean succeeded() {
        return failure == null;
    }

    boolean failedWith(Class<? extends Throwable> type) {
        return type.isInstance(failure);
    }
}
