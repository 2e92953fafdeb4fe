package org.essaim.web;

import org.springframework.stereotype.Component;

import java.time.ZoneId;

/**
 * What the platform's operator publishes about itself (CHATONS members publish all of it): a contact address, a
 * legal notice, a privacy policy and an accessibility statement, each the address of the operator's own page
 * ({@link PlatformPolicySettings}); and the time zone dates are shown in. Every page's footer links to them. One that is
 * not set leads to Essaim's own page, which says plainly that it is missing, so nothing pretends to exist.
 */
@Component
public class PlatformPolicies {

    private final String contactEmail;
    private final String legalNotice;
    private final String privacyPolicy;
    private final String accessibility;
    private final ZoneId timeZone;

    PlatformPolicies(PlatformPolicySettings settings) {
        this.contactEmail = settings.contactEmail();
        this.legalNotice = settings.legalNoticeUrl().isEmpty() ? null : settings.legalNoticeUrl();
        this.privacyPolicy = settings.privacyPolicyUrl().isEmpty() ? null : settings.privacyPolicyUrl();
        this.accessibility = settings.accessibilityUrl().isEmpty() ? null : settings.accessibilityUrl();
        this.timeZone = settings.timeZone();
    }

    /** The operator's contact address, or null when none is set. */
    public String contactEmail() {
        return contactEmail.isEmpty() ? null : contactEmail;
    }

    /** Where the footer's link goes: the operator's page when set, else Essaim's page saying it is missing. */
    public String legalNoticeLink() {
        return legalNotice != null ? legalNotice : "/about/legal-notice";
    }

    public String privacyPolicyLink() {
        return privacyPolicy != null ? privacyPolicy : "/about/privacy-policy";
    }

    public String accessibilityLink() {
        return accessibility != null ? accessibility : "/about/accessibility";
    }

    public String contactLink() {
        return contactEmail.isEmpty() ? "/about/contact" : "mailto:" + contactEmail;
    }

    public ZoneId timeZone() {
        return timeZone;
    }
}
