package org.essaim.application;

import java.time.OffsetDateTime;
import java.util.List;

/** One page of the review queue, with the cursors to the pages around it and how many match in all. */
public record QueuePage(List<Item> items, int total, QueueCursor next, QueueCursor previous) {

    public record Item(
            long id,
            String organisationName,
            String slug,
            OrganisationKind kind,
            String country,
            int memberCount,
            ApplicationState state,
            long campaignId,
            OffsetDateTime confirmedAt,
            OffsetDateTime reviewDueAt,
            String assignedTo,
            OffsetDateTime decidedAt,
            List<String> flags) {}
}
