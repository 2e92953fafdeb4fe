package org.essaim.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.ZoneId;

/**
 * What the platform's operator publishes about itself (CHATONS members publish all of it): a contact address, a
 * legal notice, a privacy policy and an accessibility statement, each the address of the operator's own page
 * ({@code essaim.platform.*}); and the time zone dates are shown in. Every page's footer links to them. One that is
 * not set leads to Essaim's own page, which says plainly that it is missing, so nothing pretends to exist. The time
 * zone is {@link TimeZoneSettings}'.
 */
@Component
public class PlatformPolicies {

    private final String contactEmail;
    private final String legalNotice;
    private final String privacyPolicy;
    private final String accessibility;
    private final ZoneId timeZone;

    PlatformPolicies(@Value("${essaim.platform.contact-email:}") String contactEmail,
                     @Value("${essaim.platform.legal-notice-url:}") String legalNotice,
                     @Value("${essaim.platform.privacy-policy-url:}") String privacyPolicy,
                     @Value("${essaim.platform.accessibility-url:}") String accessibility,
                     TimeZoneSettings timeZone) {
        this.contactEmail = contactEmail.strip();
        if (!this.contactEmail.isEmpty()
                && EmailAddress.check("contact-email", this.contactEmail, new java.util.ArrayList<>()) == null) {
            throw new IllegalStateException("essaim.platform.contact-email is not an email address: " + contactEmail);
        }
        this.legalNotice = link("legal-notice-url", legalNotice);
        this.privacyPolicy = link("privacy-policy-url", privacyPolicy);
        this.accessibility = link("accessibility-url", accessibility);
        this.timeZone = timeZone.timeZone();
    }

    private static String link(String name, String value) {
        String url = value.strip();
        if (url.isEmpty()) {
            return null;
        }
        URI uri = URI.create(url);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalStateException("essaim.platform." + name + " must be an http(s) address: " + value);
        }
        return url;
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
