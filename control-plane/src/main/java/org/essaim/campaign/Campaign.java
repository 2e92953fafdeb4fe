package org.essaim.campaign;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * An opening window for applications. {@code cap}, when set, is the number of confirmed applications after which
 * the campaign closes by itself; {@code closedReason} is {@code STAFF} or {@code CAP}.
 */
public record Campaign(
        long id,
        String name,
        CampaignState state,
        LocalDate plannedOpening,
        Integer cap,
        int confirmedCount,
        OffsetDateTime createdAt,
        String createdBy,
        OffsetDateTime openedAt,
        OffsetDateTime closedAt,
        String closedReason) {

    public static final String CLOSED_BY_STAFF = "STAFF";
    public static final String CLOSED_AT_CAP = "CAP";

    /** Places left before the cap, or null without a cap. */
    public Integer placesLeft() {
        return cap == null ? null : Math.max(0, cap - confirmedCount);
    }

    public boolean open() {
        return state == CampaignState.OPEN;
    }

    public boolean full() {
        return cap != null && confirmedCount >= cap;
    }
}
