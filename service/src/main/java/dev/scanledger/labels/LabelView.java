package dev.scanledger.labels;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A label as the API shows it, with where its trip has got to so far. */
public record LabelView(
        long id,
        Long factory,
        String code,
        @JsonProperty("furthest_phase") Integer furthestPhase,
        @JsonProperty("furthest_site") Long furthestSite,
        @JsonProperty("created_date") String createdDate) {
}
