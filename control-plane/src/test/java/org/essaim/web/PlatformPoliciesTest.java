package org.essaim.web;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The footer leads to the operator's own pages once set, to Essaim's "missing" pages until then. */
class PlatformPoliciesTest {

    @Test
    void setAddressesAreLinkedAndUnsetOnesLeadToThePageSayingTheyAreMissing() {
        PlatformPolicies set = new PlatformPolicies(new PlatformPolicySettings(
                "contact@chaton.example",
                "https://chaton.example/mentions",
                "https://chaton.example/vie-privee",
                " https://chaton.example/accessibilite ",
                ZoneId.of("America/Montreal")));
        assertThat(set.contactLink()).isEqualTo("mailto:contact@chaton.example");
        assertThat(set.legalNoticeLink()).isEqualTo("https://chaton.example/mentions");
        assertThat(set.privacyPolicyLink()).isEqualTo("https://chaton.example/vie-privee");
        assertThat(set.accessibilityLink()).isEqualTo("https://chaton.example/accessibilite");
        assertThat(set.timeZone()).isEqualTo(ZoneId.of("America/Montreal"));

        PlatformPolicies unset =
                new PlatformPolicies(new PlatformPolicySettings("", "", "", "", ZoneId.of("Europe/Paris")));
        assertThat(unset.contactEmail()).isNull();
        assertThat(unset.contactLink()).isEqualTo("/about/contact");
        assertThat(unset.legalNoticeLink()).isEqualTo("/about/legal-notice");
        assertThat(unset.privacyPolicyLink()).isEqualTo("/about/privacy-policy");
        assertThat(unset.accessibilityLink()).isEqualTo("/about/accessibility");
    }

    @Test
    void aMistypedSettingStopsTheStartWithItsName() {
        assertThatThrownBy(() -> new PlatformPolicies(
                        new PlatformPolicySettings("not an address", "", "", "", ZoneId.of("Europe/Paris"))))
                .hasMessageContaining("essaim.platform.contact-email");
        assertThatThrownBy(() -> new PlatformPolicies(
                        new PlatformPolicySettings("", "javascript:alert(1)", "", "", ZoneId.of("Europe/Paris"))))
                .hasMessageContaining("essaim.platform.legal-notice-url");
    }
}
