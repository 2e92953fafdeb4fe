package org.essaim.ldap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

    private static final PasswordPolicy.PersonalWords CAMILLE = new PasswordPolicy.PersonalWords(
            "camille.martin", "cdupont@example.org", "Camille Martin", "jardins-alpha", "Les Jardins d’Alpha");

    private static PasswordPolicy.Refusal refusal(String password) {
        return PasswordPolicy.assess(password, CAMILLE)
                .map(PasswordPolicy.Verdict::refusal)
                .orElse(null);
    }

    @Test
    void acceptsALongPasswordThatNamesNobody() {
        assertThat(PasswordPolicy.check(
                        "correct horse battery", "camille", "cdupont@example.org", "amis-du-parc", "Les Amis du Parc"))
                .isEmpty();
        assertThat(PasswordPolicy.assess("violet hedgehog under 42 lamps", CAMILLE))
                .isEmpty();
    }

    @Test
    void countsCharactersNotBytesAndNeedsTwelve() {
        assertThat(PasswordPolicy.check("éàü9ç$ñ", "uid", null)).contains(PasswordPolicy.Refusal.TOO_SHORT);
        assertThat(PasswordPolicy.check("é9ç$ñ K2 ûm#ø", "uid", null)).isEmpty();
        assertThat(PasswordPolicy.check(null, "uid", null)).contains(PasswordPolicy.Refusal.TOO_SHORT);
    }

    @Test
    void refusesTheUidTheEmailsLocalPartAndTheSpaceNameInAnyCaseWithOrWithoutSeparators() {
        assertThat(PasswordPolicy.check("xxCAMILLExx-1 violet hedgehog", "camille", null))
                .contains(PasswordPolicy.Refusal.CONTAINS_UID);
        assertThat(refusal("lamps CamilleMartin hedgehog"))
                .as("the uid without its dots")
                .isEqualTo(PasswordPolicy.Refusal.CONTAINS_UID);
        assertThat(refusal("123 Cdupont 456 hedgehog")).isEqualTo(PasswordPolicy.Refusal.CONTAINS_EMAIL);
        assertThat(PasswordPolicy.check("my example.org violet hedgehog", "camille", "cdupont@example.org"))
                .as("the domain is not the person")
                .isEmpty();
        assertThat(refusal("vive JARDINS-ALPHA! hedgehog")).isEqualTo(PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
        assertThat(refusal("vive jardinsalpha 2024!"))
                .as("the slug without its hyphen")
                .isEqualTo(PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
        assertThat(refusal("les jardins d’alpha sont beaux")).isEqualTo(PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
    }

    @Test
    void refusesWhatZxcvbnFindsEasyToGuessWithItsFeedbackKeys() {
        for (String weak : new String[] {
            "aaaaaaaaaaaa",
            "password1234",
            "            ",
            "azertyuiop12",
            "abcdefghijkl",
            "iloveyou2024",
            "qwertyuiop123"
        }) {
            assertThat(refusal(weak))
                    .as(weak)
                    .isIn(PasswordPolicy.Refusal.TOO_GUESSABLE, PasswordPolicy.Refusal.CONTAINS_NAME);
        }
        PasswordPolicy.Verdict repeat =
                PasswordPolicy.assess("abcabcabcabcabc", CAMILLE).orElseThrow();
        assertThat(repeat.warning()).isEqualTo("feedback.repeat.warning.likeABCABCABC");
        assertThat(repeat.suggestions()).contains("feedback.repeat.suggestions.avoidRepeatedWords");
        PasswordPolicy.Verdict common =
                PasswordPolicy.assess("password1234", CAMILLE).orElseThrow();
        assertThat(common.warning()).startsWith("feedback.dictionary.warning.passwords");
        assertThat(refusal("camille martin")).isEqualTo(PasswordPolicy.Refusal.CONTAINS_NAME);
        // zxcvbn alone finds it fair (score 3); with the person's own words as its dictionary, easy to guess.
        assertThat(refusal("jardinsmartin1"))
                .as("the person's words are in zxcvbn's dictionary")
                .isEqualTo(PasswordPolicy.Refusal.TOO_GUESSABLE);
        assertThat(PasswordPolicy.assess(
                        "jardinsmartin1", new PasswordPolicy.PersonalWords("dana", null, "Dana", null, null)))
                .as("someone else's words")
                .isEmpty();
    }

    @Test
    void refusesControlCharactersAndMoreThan256Characters() {
        assertThat(refusal("violet hedge\u0000hog 42")).isEqualTo(PasswordPolicy.Refusal.CONTROL_CHARACTER);
        assertThat(refusal("violet hedge\nhog 42")).isEqualTo(PasswordPolicy.Refusal.CONTROL_CHARACTER);
        assertThat(refusal("violet\thedgehog 42")).isEqualTo(PasswordPolicy.Refusal.CONTROL_CHARACTER);
        String random = "violet hedgehog under 42 lamps ";
        String exactly256 = random.repeat(9).substring(0, 256);
        assertThat(refusal(exactly256)).isNull();
        assertThat(refusal(exactly256 + "x")).isEqualTo(PasswordPolicy.Refusal.TOO_LONG);
        assertThat(refusal("x".repeat(1 << 20))).isEqualTo(PasswordPolicy.Refusal.TOO_LONG);
        assertThat(refusal("😀".repeat(257)))
                .as("characters, not UTF-16 units")
                .isEqualTo(PasswordPolicy.Refusal.TOO_LONG);
        assertThat(refusal("😀".repeat(128) + " violet hedgehog lamps")).isNull();
    }

    @Test
    void ignoresPartsTooShortToMean() {
        assertThat(PasswordPolicy.check("a violet hedgehog under lamps", "a", "a@b.org", (String) null))
                .isEmpty();
    }

    @Test
    void requireThrowsWithTheCode() {
        assertThatThrownBy(() -> PasswordPolicy.require("short", "u", null))
                .isInstanceOfSatisfying(
                        PasswordRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(PasswordPolicy.Refusal.TOO_SHORT));
        assertThatThrownBy(() -> PasswordPolicy.require("aaaaaaaaaaaa", CAMILLE))
                .isInstanceOfSatisfying(PasswordRefusedException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(PasswordPolicy.Refusal.TOO_GUESSABLE);
                    assertThat(e.warning()).startsWith("feedback.");
                });
    }
}
