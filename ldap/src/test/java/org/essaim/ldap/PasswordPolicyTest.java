package org.essaim.ldap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    @Test
    void acceptsALongPasswordThatNamesNobody() {
        assertThat(PasswordPolicy.check("correct horse battery", "camille", "cdupont@example.org", "amis-du-parc",
                "Les Amis du Parc")).isEmpty();
    }

    @Test
    void countsCharactersNotBytesAndNeedsTwelve() {
        assertThat(PasswordPolicy.check("ééééééééééé", "uid", null)).contains(PasswordPolicy.Refusal.TOO_SHORT);
        assertThat(PasswordPolicy.check("éééééééééééé", "uid", null)).isEmpty();
        assertThat(PasswordPolicy.check(null, "uid", null)).contains(PasswordPolicy.Refusal.TOO_SHORT);
    }

    @Test
    void refusesTheUidTheEmailsLocalPartAndTheSpaceNameInAnyCase() {
        assertThat(PasswordPolicy.check("xxCAMILLExx-1", "camille", null)).contains(PasswordPolicy.Refusal.CONTAINS_UID);
        assertThat(PasswordPolicy.check("123 Cdupont 456", "camille", "cdupont@example.org"))
                .contains(PasswordPolicy.Refusal.CONTAINS_EMAIL);
        assertThat(PasswordPolicy.check("my example.org box", "camille", "cdupont@example.org"))
                .as("the domain is not the person").isEmpty();
        assertThat(PasswordPolicy.check("vive AMIS-DU-PARC!", "camille", null, "amis-du-parc"))
                .contains(PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
        assertThat(PasswordPolicy.check("vive les amis du parc", "camille", null, "amis-du-parc", "Les Amis du Parc"))
                .contains(PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
    }

    @Test
    void ignoresPartsTooShortToMean() {
        assertThat(PasswordPolicy.check("a quite long password", "a", "a@b.org", (String) null)).isEmpty();
    }

    @Test
    void requireThrowsWithTheCode() {
        assertThatThrownBy(() -> PasswordPolicy.require("short", "u", null))
                .isInstanceOfSatisfying(PasswordRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(PasswordPolicy.Refusal.TOO_SHORT));
    }
}
