package org.essaim.application;

import java.util.List;

/**
 * An application as typed, every field as text: what the form posts and what the API's JSON reads as. The form
 * also carries the honeypot ({@code website}, hidden from people, filled by bots) and a one-time
 * {@code submissionKey} that makes a double submit harmless.
 */
public record ApplicationDraft(
        String organisationName,
        String kind,
        String officialIdentifier,
        String country,
        String mainLanguage,
        String purpose,
        String memberCount,
        String annualBudget,
        String whyNotPaid,
        String slug,
        String contactName,
        String contactEmail,
        String charterAccepted,
        String website,
        String submissionKey) {

    public static final String ORGANISATION_NAME = "organisationName";
    public static final String KIND = "kind";
    public static final String OFFICIAL_IDENTIFIER = "officialIdentifier";
    public static final String COUNTRY = "country";
    public static final String MAIN_LANGUAGE = "mainLanguage";
    public static final String PURPOSE = "purpose";
    public static final String MEMBER_COUNT = "memberCount";
    public static final String ANNUAL_BUDGET = "annualBudget";
    public static final String WHY_NOT_PAID = "whyNotPaid";
    public static final String SLUG = "slug";
    public static final String CONTACT_NAME = "contactName";
    public static final String CONTACT_EMAIL = "contactEmail";
    public static final String CHARTER_ACCEPTED = "charterAccepted";

    /** The fields, in the order the form shows them (and the order of errors). */
    public static final List<String> FIELDS = List.of(
            ORGANISATION_NAME,
            KIND,
            OFFICIAL_IDENTIFIER,
            COUNTRY,
            MAIN_LANGUAGE,
            PURPOSE,
            MEMBER_COUNT,
            ANNUAL_BUDGET,
            WHY_NOT_PAID,
            SLUG,
            CONTACT_NAME,
            CONTACT_EMAIL,
            CHARTER_ACCEPTED);

    public static ApplicationDraft empty(String country, String mainLanguage, String submissionKey) {
        return new ApplicationDraft(
                "", "", "", country, mainLanguage, "", "", "", "", "", "", "", null, "", submissionKey);
    }

    public boolean honeypotFilled() {
        return website != null && !website.isEmpty();
    }

    public boolean charterChecked() {
        return charterAccepted != null
                && (charterAccepted.equalsIgnoreCase("true")
                        || charterAccepted.equalsIgnoreCase("on")
                        || charterAccepted.equalsIgnoreCase("yes"));
    }

    /** The same draft with a fresh submission key, for a form shown again after errors. */
    public ApplicationDraft withSubmissionKey(String key) {
        return new ApplicationDraft(
                organisationName,
                kind,
                officialIdentifier,
                country,
                mainLanguage,
                purpose,
                memberCount,
                annualBudget,
                whyNotPaid,
                slug,
                contactName,
                contactEmail,
                charterAccepted,
                website,
                key);
    }
}
