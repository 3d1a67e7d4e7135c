package dev.scanledger.labels;

import dev.scanledger.web.NotFoundException;

/** A label id taken from a URL: anything that is not one is a 404, as Django's URL routing answers. */
public final class LabelIds {

    private LabelIds() {
    }

    public static long parse(String pathSegment) {
        try {
            long id = Long.parseLong(pathSegment);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to 404
        }
        throw new NotFoundException();
    }
}
