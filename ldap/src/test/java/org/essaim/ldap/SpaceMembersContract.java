package org.essaim.ldap;

import com.unboundid.ldap.sdk.DN;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link SpaceMembers} does, whatever the directory: run on the embedded directory ({@link SpaceMembersTest})
 * and on the real slapd with the production configuration ({@link SlapdSpaceMembersTest}). Each test uses its own
 * space, so the directory can be shared.
 */
abstract class SpaceMembersContract {

    /** Name, email and uid-free characters that LDAP DNs and filters treat specially. */
    static final String SPECIAL = "*()\\,+=<>#;\"";

    private static final AtomicInteger SPACES = new AtomicInteger();

    abstract DirectoryConnection directory();

    SpaceMembers members() {
        return new SpaceMembers(directory());
    }

    String newSpace() {
        String slug = "space-" + SPACES.incrementAndGet();
        new SpaceSubtrees(directory()).ensureSpace(slug, "a long service password " + slug);
        return slug;
    }

    @Test
    void storesLdapSpecialCharactersVerbatimAndFindsThemByEmail() {
        String slug = newSpace();
        String name = "Zoé " + SPECIAL + " O'Brien";
        String email = "z" + "*)(uid=*" + "@example.org";
        members().create(slug, "zoe", name, email);
        members().create(slug, "yann", "Yann", "y@example.org");

        SpacePerson zoe = members().find(slug, "zoe").orElseThrow();
        assertThat(zoe.displayName()).isEqualTo(name);
        assertThat(zoe.email()).isEqualTo(email);
        assertThat(members().findByEmail(slug, email)).contains(zoe);
        assertThat(members().findByEmail(slug, "z*@example.org"))
                .as("a wildcard is a character, not a pattern")
                .isEmpty();
        assertThat(members().findByEmail(slug, "*")).isEmpty();
        assertThat(members().findByEmail(slug, "Y@EXAMPLE.ORG"))
                .map(SpacePerson::uid)
                .contains("yann");
        assertThat(members().list(slug)).extracting(SpacePerson::uid).containsExactly("yann", "zoe");
    }

    @Test
    void refusesUidsThatAreNotPlainAndDuplicates() {
        String slug = newSpace();
        members().create(slug, "ana", "Ana", "ana@example.org");
        for (String uid : new String[] {"a,b", "a=b", "*", "", "Ana", "a b"}) {
            assertThatThrownBy(() -> members().create(slug, uid, "X", "x@example.org"))
                    .as(uid)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> members().create(slug, "ana", "Ana", "other@example.org"))
                .isInstanceOfSatisfying(
                        MembershipRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MembershipRefusedException.Reason.ALREADY_EXISTS));
        assertThatThrownBy(() -> members().create(slug, "ana2", "Ana", "ANA@example.org"))
                .isInstanceOfSatisfying(
                        MembershipRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MembershipRefusedException.Reason.ALREADY_EXISTS));
        assertThat(members().find(slug, "a,b")).isEmpty();
    }

    @Test
    void theFirstPersonCreatesBothGroupsAndIsTheAdmin() {
        String slug = newSpace();
        assertThat(members().create(slug, "first", "First", "first@example.org").admin())
                .isTrue();
        assertThat(members()
                        .create(slug, "second", "Second", "second@example.org")
                        .admin())
                .isFalse();

        DirectoryLayout layout = directory().layout();
        assertThat(members().members(slug, SpaceMembers.MEMBERS))
                .containsExactlyInAnyOrder(layout.person(slug, "first"), layout.person(slug, "second"));
        assertThat(members().members(slug, SpaceMembers.ADMINS)).containsExactly(layout.person(slug, "first"));
    }

    @Test
    void setsAPasswordThatBindsAndRefusesWhatThePolicyRefuses() {
        String slug = newSpace();
        members().create(slug, "camille", "Camille", "cdupont@example.org");

        members().setPassword(slug, "camille", "violet hedgehog 42", "Les Amis du Parc");
        assertThat(members().signIn(slug, "camille", "violet hedgehog 42")).isTrue();
        assertThat(members().signIn(slug, "camille", "violet hedgehog 43")).isFalse();
        assertThat(members().signIn(slug, "camille", "")).isFalse();

        assertRefused(slug, "short pw 1", PasswordPolicy.Refusal.TOO_SHORT);
        assertRefused(slug, "my name is CAMILLE ok", PasswordPolicy.Refusal.CONTAINS_UID);
        assertRefused(slug, "hello CDupont world", PasswordPolicy.Refusal.CONTAINS_EMAIL);
        assertRefused(slug, "I love les amis du parc!", PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
        assertRefused(slug, "xx " + slug.toUpperCase() + " xx", PasswordPolicy.Refusal.CONTAINS_SPACE_NAME);
        assertThat(members().signIn(slug, "camille", "violet hedgehog 42"))
                .as("refusals change nothing")
                .isTrue();
    }

    private void assertRefused(String slug, String password, PasswordPolicy.Refusal refusal) {
        assertThatThrownBy(() -> members().setPassword(slug, "camille", password, "Les Amis du Parc"))
                .as(password)
                .isInstanceOfSatisfying(
                        PasswordRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(refusal));
    }

    @Test
    void aPersonChangesTheirOwnPasswordKnowingTheCurrentOne() {
        String slug = newSpace();
        members().create(slug, "dana", "Dana", "dana@example.org");
        members().setPassword(slug, "dana", "first long password", null);

        assertThat(members().changeOwnPassword(slug, "dana", "wrong password!", "second long password", null))
                .isFalse();
        assertThat(members().changeOwnPassword(slug, "dana", "first long password", "second long password", null))
                .isTrue();
        assertThat(members().signIn(slug, "dana", "second long password")).isTrue();
        assertThat(members().signIn(slug, "dana", "first long password")).isFalse();
        assertThat(members().list(slug))
                .as("the pool is back to the control plane's identity")
                .hasSize(1);
    }

    @Test
    void aDisabledPersonCannotSignInUntilEnabledAndDoesNotCount() {
        String slug = newSpace();
        members().create(slug, "eva", "Eva", "eva@example.org");
        members().create(slug, "finn", "Finn", "finn@example.org");
        members().setPassword(slug, "finn", "a long secret for F", null);
        assertThat(members().countActive(slug)).isEqualTo(2);

        members().disable(slug, "finn");
        assertThat(members().find(slug, "finn").orElseThrow().disabled()).isTrue();
        assertThat(members().signIn(slug, "finn", "a long secret for F")).isFalse();
        assertThat(members().countActive(slug)).isEqualTo(1);

        members().enable(slug, "finn");
        assertThat(members().signIn(slug, "finn", "a long secret for F")).isTrue();
        assertThat(members().countActive(slug)).isEqualTo(2);
        members().enable(slug, "finn");
    }

    @Test
    void neverRemovesOrDemotesTheLastAdmin() {
        String slug = newSpace();
        members().create(slug, "gina", "Gina", "gina@example.org");
        members().create(slug, "hugo", "Hugo", "hugo@example.org");

        assertThatThrownBy(() -> members().demote(slug, "gina"))
                .isInstanceOfSatisfying(
                        MembershipRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MembershipRefusedException.Reason.LAST_ADMIN));
        assertThatThrownBy(() -> members().remove(slug, "gina"))
                .isInstanceOfSatisfying(
                        MembershipRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MembershipRefusedException.Reason.LAST_ADMIN));

        members().promote(slug, "hugo");
        members().promote(slug, "hugo");
        assertThat(members().find(slug, "hugo").orElseThrow().admin()).isTrue();
        members().demote(slug, "gina");
        assertThat(members().find(slug, "gina").orElseThrow().admin()).isFalse();
        assertThat(members().find(slug, "gina")).isPresent();
        assertThatThrownBy(() -> members().demote(slug, "hugo")).isInstanceOf(MembershipRefusedException.class);
    }

    @Test
    void neverDisablesTheLastAdminWhoCanSignInAndCountsDisabledPeople() {
        String slug = newSpace();
        members().create(slug, "iris", "Iris", "iris@example.org");
        members().create(slug, "jules", "Jules", "jules@example.org");

        assertThatThrownBy(() -> members().disable(slug, "iris"))
                .isInstanceOfSatisfying(
                        MembershipRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MembershipRefusedException.Reason.LAST_ADMIN));
        members().disable(slug, "jules");
        assertThat(members().count(slug))
                .as("a disabled person keeps their place")
                .isEqualTo(2);
        assertThat(members().countActive(slug)).isEqualTo(1);

        members().enable(slug, "jules");
        members().promote(slug, "jules");
        members().disable(slug, "iris");
        assertThatThrownBy(() -> members().disable(slug, "jules")).isInstanceOf(MembershipRefusedException.class);
    }

    @Test
    void derivesFreeUidsWithoutSpecialCharactersAndRenames() {
        String slug = newSpace();
        assertThat(members().freeUid(slug, "Zoé " + SPECIAL + " O'Brien", "z@example.org"))
                .isEqualTo("zoe.o.brien");
        assertThat(members().freeUid(slug, SPECIAL, "Le.Chat+tag@example.org")).isEqualTo("le.chat.tag");
        assertThat(members().freeUid(slug, SPECIAL, SPECIAL + "@example.org")).isEqualTo("member");
        members().create(slug, "camille.martin", "Camille Martin", "c1@example.org");
        assertThat(members().freeUid(slug, "Camille  Martin", "c2@example.org")).isEqualTo("camille.martin2");
        assertThat(SpaceMembers.UID
                        .matcher(members().freeUid(slug, "Ñandú " + "x".repeat(80), null))
                        .matches())
                .isTrue();

        members().changeDisplayName(slug, "camille.martin", "Camille " + SPECIAL);
        assertThat(members().find(slug, "camille.martin").orElseThrow().displayName())
                .isEqualTo("Camille " + SPECIAL);
    }

    @Test
    void removalFreesTheAccountAndLeavesNoMemberValueBehind() {
        String slug = newSpace();
        members().create(slug, "ines", "Ines", "ines@example.org");
        members().create(slug, "jules", "Jules " + SPECIAL, "jules@example.org");
        members().promote(slug, "jules");
        DN jules = directory().layout().person(slug, "jules");

        members().remove(slug, "jules");

        assertThat(members().find(slug, "jules")).isEmpty();
        assertThat(members().members(slug, SpaceMembers.MEMBERS))
                .doesNotContain(jules)
                .hasSize(1);
        assertThat(members().members(slug, SpaceMembers.ADMINS))
                .doesNotContain(jules)
                .hasSize(1);
        assertThat(members().create(slug, "jules", "Jules", "jules@example.org").admin())
                .as("the uid and email are free again, with no rights left over")
                .isFalse();
        assertThatThrownBy(() -> members().remove(slug, "nobody"))
                .isInstanceOfSatisfying(
                        MembershipRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MembershipRefusedException.Reason.UNKNOWN_PERSON));
    }
}
