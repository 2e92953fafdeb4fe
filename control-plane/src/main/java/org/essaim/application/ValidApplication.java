package org.essaim.application;

/** An application that passed every rule of shape; whether its address is free is checked when it is stored. */
public record ValidApplication(
        String organisationName,
        OrganisationKind kind,
        String officialIdentifier,
        String country,
        String mainLanguage,
        String purpose,
        int memberCount,
        long annualBudget,
        String whyNotPaid,
        String slug,
        String contactName,
        String contactEmail) {}
