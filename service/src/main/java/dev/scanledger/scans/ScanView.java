package dev.scanledger.scans;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** The original ScanSerializer's output, field for field. */
record ScanView(
        long id,
        UserRef user,
        long label,
        int phase,
        Long distribution,
        Long store,
        @JsonProperty("label_image") String labelImage,
        @JsonProperty("label_coordinate") @JsonRawValue String labelCoordinate,
        @JsonProperty("label_quality") Double labelQuality,
        @JsonProperty("created_date") String createdDate,
        @JsonProperty("updated_date") String updatedDate) {

    /** The original's nested UserSerializer: the fields of Django's AbstractUser it exposed. */
    record UserRef(long id, String username, @JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName) {
    }
}
