package dev.scanledger.migration;

/** What one copy did to one table (or to the images): rows considered, and how each was written. */
record Delta(String table, long considered, long inserted, long updated, long skipped) {

    long unchanged() {
        return considered - inserted - updated;
    }

    boolean changedAnything() {
        return inserted > 0 || updated > 0;
    }

    Delta plus(long considered, long inserted, long updated) {
        return new Delta(table, this.considered + considered, this.inserted + inserted, this.updated + updated, skipped);
    }

    String describe() {
        String counts = "%,d inserted, %,d updated, %,d unchanged".formatted(inserted, updated, unchanged());
        return skipped == 0 ? counts : counts + ", %,d skipped".formatted(skipped);
    }
}
