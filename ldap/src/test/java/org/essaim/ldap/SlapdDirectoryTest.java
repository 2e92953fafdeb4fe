package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.ldap.testing.SpaceSubtree;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DirectoryConnection} and {@link StaffAccounts} against a real slapd running the production configuration. */
@RequiresProgram("slapd")
class SlapdDirectoryTest {

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    @Test
    void skeletonIsCreatedOnceAndCanBeEnsuredAgain() {
        slapd.directory().ensureSkeleton();

        DirectoryLayout layout = slapd.layout();
        assertThat(slapd.server().storedEntry(layout.base().toString())).isPresent();
        assertThat(slapd.server().storedEntry(layout.staff().toString())).isPresent();
        assertThat(slapd.server().storedEntry(layout.spaces().toString())).isPresent();
    }

    @Test
    void controlPlaneSeesTheServerAsReachable() {
        assertThat(slapd.directory().isReachable()).isTrue();
    }

    @Test
    void controlPlaneCreatesAndFindsStaff() {
        slapd.staff().create(new StaffAccount("camille", "Camille Martin", "camille@essaim.test"));

        assertThat(slapd.staff().hasStaff()).isTrue();
        assertThat(slapd.staff().find("camille"))
                .contains(new StaffAccount("camille", "Camille Martin", "camille@essaim.test"));
        assertThat(slapd.staff().find("nobody")).isEmpty();
        assertThatThrownBy(() -> slapd.staff().create(new StaffAccount("camille", "Again", null)))
                .isInstanceOf(DirectoryRefusalException.class)
                .extracting(e -> ((DirectoryRefusalException) e).resultCode())
                .isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS);
    }

    @Test
    void setPasswordStoresAnArgon2HashAndNeverTheClearText() {
        slapd.staff().create(new StaffAccount("dominique", "Dominique Petit", null));
        DN account = slapd.layout().staffMember("dominique");

        slapd.directory().setPassword(account, "correct horse battery staple");

        String stored =
                slapd.server().storedEntry(account.toString()).orElseThrow().getAttributeValue("userPassword");
        assertThat(stored).startsWith("{ARGON2}$argon2").doesNotContain("correct horse");
        assertThat(slapd.server().storedEntry(account.toString()).orElseThrow().toLDIFString())
                .doesNotContain("correct horse battery staple");
    }

    @Test
    void authenticateAcceptsTheRightPasswordOnly() {
        slapd.staff().create(new StaffAccount("sacha", "Sacha Roux", null));
        DN account = slapd.layout().staffMember("sacha");
        slapd.directory().setPassword(account, "le bon mot de passe");

        assertThat(slapd.directory().authenticate(account, "le bon mot de passe"))
                .isTrue();
        assertThat(slapd.directory().authenticate(account, "le mauvais")).isFalse();
        assertThat(slapd.directory().authenticate(account, "")).isFalse();
        assertThat(slapd.directory().authenticate(account, null)).isFalse();
        assertThat(slapd.directory().authenticate(slapd.layout().staffMember("ghost"), "le bon mot de passe"))
                .isFalse();
        // Each check binds a pooled connection as someone else: it must come back as the control plane.
        slapd.staff().create(new StaffAccount("after-checks", "After Checks", null));
        assertThat(slapd.staff().find("after-checks")).isPresent();
    }

    @Test
    void controlPlaneCannotReadPasswordHashes() throws LDAPException {
        slapd.staff().create(new StaffAccount("lou", "Lou Blanc", null));
        DN account = slapd.layout().staffMember("lou");
        slapd.directory().setPassword(account, "un secret");

        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            Entry seen = controlPlane.getEntry(account.toString(), "*", "userPassword");
            assertThat(seen).isNotNull();
            assertThat(seen.hasAttribute("userPassword")).isFalse();
        }
    }

    @Test
    void clearPasswordsWrittenDirectlyAreHashedAnyway() throws LDAPException {
        DN account = slapd.layout().staffMember("direct");
        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            controlPlane.add(new Entry(
                    account,
                    new Attribute("objectClass", "inetOrgPerson"),
                    new Attribute("uid", "direct"),
                    new Attribute("cn", "Direct"),
                    new Attribute("sn", "Direct"),
                    new Attribute("userPassword", "written in clear")));
        }

        assertThat(slapd.server().storedEntry(account.toString()).orElseThrow().getAttributeValue("userPassword"))
                .startsWith("{ARGON2}");
        assertThat(slapd.directory().authenticate(account, "written in clear")).isTrue();
    }

    @Test
    void groupsAndMembershipsStayConsistent() throws LDAPException {
        DirectoryLayout layout = slapd.layout();
        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            SpaceSubtree.named("consistent")
                    .person("ana", "ana-pw")
                    .person("ben", "ben-pw")
                    .servicePassword("service-pw")
                    .createIn(controlPlane, layout);

            assertThat(controlPlane
                            .getEntry(layout.person("consistent", "ana").toString(), "memberOf")
                            .getAttributeValues("memberOf"))
                    .containsExactlyInAnyOrder(
                            layout.group("consistent", "members").toString(),
                            layout.group("consistent", "admins").toString());

            controlPlane.delete(layout.person("consistent", "ben").toString());

            assertThat(controlPlane
                            .getEntry(layout.group("consistent", "members").toString(), "member")
                            .getAttributeValues("member"))
                    .containsExactly(layout.person("consistent", "ana").toString());
        }
    }

    @Test
    void anonymousClientsSeeNothing() throws LDAPException {
        try (LDAPConnection anonymous = slapd.server().connectAnonymously()) {
            assertThatThrownBy(() -> anonymous.search(slapd.server().baseDn(), SearchScope.SUB, "(objectClass=*)"))
                    .isInstanceOfSatisfying(
                            LDAPException.class,
                            e -> assertThat(e.getResultCode()).isNotEqualTo(ResultCode.SUCCESS));
            assertThatThrownBy(() -> anonymous.search("", SearchScope.BASE, "(objectClass=*)", "+", "*"))
                    .isInstanceOf(LDAPException.class);
            // An anonymous bind would open the same door another way.
            assertThatThrownBy(() -> anonymous.bind("", ""))
                    .isInstanceOfSatisfying(
                            LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INAPPROPRIATE_AUTHENTICATION));
        }
    }
}
