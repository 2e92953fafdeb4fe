package org.essaim.web;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;

/**
 * {@code essaim.platform.*}: what the operator publishes about itself (CHATONS members publish all of it), linked from
 * every page's footer ({@link PlatformPolicies}). One left empty leads to Essaim's page saying plainly that it is not
 * published yet.
 *
 * @param contactEmail     the operator's contact address
 * @param legalNoticeUrl   the address of the operator's legal notice (http or https)
 * @param privacyPolicyUrl the address of the operator's privacy policy (http or https)
 * @param accessibilityUrl the address of the operator's accessibility statement (http or https)
 * @param timeZone         the time zone every page shows dates in, to members and applicants as to staff
 *                         ({@link ShownDates}), and emails name days in: an IANA zone such as {@code Europe/Paris} (the
 *                         default) or {@code America/Montreal}; a name the JDK does not know stops the start with the
 *                         setting's name. Pages also carry each instant in UTC ISO form, in {@code <time datetime>}.
 */
@ConfigurationProperties("essaim.platform")
public record PlatformPolicySettings(
        @DefaultValue("") String contactEmail,
        @DefaultValue("") String legalNoticeUrl,
        @DefaultValue("") String privacyPolicyUrl,
        @DefaultValue("") String accessibilityUrl,
        @DefaultValue("Europe/Paris") ZoneId timeZone) {

    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Europe/Paris");

    public PlatformPolicySettings {
        contactEmail = contactEmail == null ? "" : contactEmail.strip();
        if (!contactEmail.isEmpty() && EmailAddress.check("contact-email", contactEmail, new ArrayList<>()) == null) {
            throw new InvalidSetting("essaim.platform.contact-email", "is not an email address: " + contactEmail);
        }
        legalNoticeUrl = link("legal-notice-url", legalNoticeUrl);
        privacyPolicyUrl = link("privacy-policy-url", privacyPolicyUrl);
        accessibilityUrl = link("accessibility-url", accessibilityUrl);
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
    }

    /** The address, stripped; empty when unset. */
    private static String link(String name, String value) {
        String url = value == null ? "" : value.strip();
        if (url.isEmpty()) {
            return url;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException malformed) {
            uri = null;
        }
        if (uri == null || !"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new InvalidSetting("essaim.platform." + name, "must be an http(s) address: " + value);
        }
        return url;
    }
}
