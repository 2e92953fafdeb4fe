package org.essaim.application;

/** What the organisation is, as the applicant says. */
public enum OrganisationKind {
    ASSOCIATION,
    DE_FACTO_COLLECTIVE,
    UNION,
    FOUNDATION,
    COOPERATIVE,
    OTHER;

    public String messageKey() {
        return "application.kind." + name();
    }
}
