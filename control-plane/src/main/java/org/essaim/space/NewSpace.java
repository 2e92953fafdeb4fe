package org.essaim.space;

/** What registering a space needs: what the approved application said. */
public record NewSpace(
        String slug,
        String displayName,
        String language,
        String referentName,
        String referentEmail,
        String officialIdentifier,
        Long applicationId) {}
