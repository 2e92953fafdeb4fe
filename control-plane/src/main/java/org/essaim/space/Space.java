package org.essaim.space;

import java.time.OffsetDateTime;

/** One space of the registry. */
public record Space(
        long id,
        String slug,
        String displayName,
        String language,
        String referentName,
        String referentEmail,
        String officialIdentifier,
        Long applicationId,
        SpaceState state,
        OffsetDateTime createdAt,
        String createdBy) {}
