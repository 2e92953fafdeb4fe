package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import org.essaim.ldap.testing.SlapdServer;
import org.essaim.ldap.testing.SpaceSubtree;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Directory} against a real slapd running the production configuration. */
@RequiresProgram("slapd")
class SlapdDirectoryTest {

    private static SlapdServer slapd;
    private static Directory directory;

    @BeforeAll
    static void startSlapd() {
        long started = System.nanoTime();
        slapd = SlapdServer.start();
        System.out.println(slapd + " started in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        directory = Directory.connect(slapd.controlPlaneSettings());
        directory.ensureSkeleton();
    }

    @AfterAll
    static void stopSlapd() {
        if (directory != null) {
            directory.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void skeletonIsCreatedOnceAndCanBeEnsuredAgain() {
        directory.ensureSkeleton();

        DirectoryLayout layout = slapd.layout();
        assertThat(slapd.storedEntry(layout.base().toString())).isPresent();
        assertThat(slapd.storedEntry(layout.staff().toString())).isPresent();
        assertThat(slapd.storedEntry(layout.spaces().toString())).isPresent();
    }

    @Test
    void controlPlaneSeesTheServerAsReachable() {
        assertThat(directory.isReachable()).isTrue();
    }

    @Test
    void controlPlaneCreatesAndFindsStaff() {
        directory.createStaff(new StaffAccount("camille", "Camille Martin", "camille@essaim.test"));

        assertThat(directory.hasStaff()).isTrue();
        assertThat(directory.findStaff("camille"))
                .contains(new StaffAccount("camille", "Camille Martin", "camille@essaim.test"));
        assertThat(directory.findStaff("nobody")).isEmpty();
        assertThatThrownBy(() -> directory.createStaff(new StaffAccount("camille", "Again", null)))
                .isInstanceOf(DirectoryRefusalException.class)
                .extracting(e -> ((DirectoryRefusalException) e).resultCode())
                .isEqualTo(ResultCode.ENTRY_ALREADY_EXISTS);
    }

    @Test
    void setPasswordStoresAnArgon2HashAndNeverTheClearText() {
        directory.createStaff(new StaffAccount("dominique", "Dominique Petit", null));
        DN account = slapd.layout().staffMember("dominique");

        directory.setPassword(account, "correct horse battery staple");

        String stored = slapd.storedEntry(account.toString()).orElseThrow().getAttributeValue("userPassword");
        assertThat(stored).startsWith("{ARGON2}$argon2").doesNotContain("correct horse");
        assertThat(slapd.storedEntry(account.toString()).orElseThrow().toLDIFString())
                .doesNotContain("correct horse battery staple");
    }

    @Test
    void authenticateAcceptsTheRightPasswordOnly() {
        directory.createStaff(new StaffAccount("sacha", "Sacha Roux", null));
        DN account = slapd.layout().staffMember("sacha");
        directory.setPassword(account, "le bon mot de passe");

        assertThat(directory.authenticate(account, "le bon mot de passe")).isTrue();
        assertThat(directory.authenticate(account, "le mauvais")).isFalse();
        assertThat(directory.authenticate(account, "")).isFalse();
        assertThat(directory.authenticate(account, null)).isFalse();
        assertThat(directory.authenticate(slapd.layout().staffMember("ghost"), "le bon mot de passe")).isFalse();
        // Each check binds a pooled connection as someone else: it must come back as the control plane.
        directory.createStaff(new StaffAccount("after-checks", "After Checks", null));
        assertThat(directory.findStaff("after-checks")).isPresent();
    }

    @Test
    void controlPlaneCannotReadPasswordHashes() throws LDAPException {
        directory.createStaff(new StaffAccount("lou", "Lou Blanc", null));
        DN account = slapd.layout().staffMember("lou");
        directory.setPassword(account, "un secret");

        try (LDAPConnection controlPlane = slapd.connect(slapd.controlPlaneDn(), slapd.controlPlanePassword())) {
            Entry seen = controlPlane.getEntry(account.toString(), "*", "userPassword");
            assertThat(seen).isNotNull();
            assertThat(seen.hasAttribute("userPassword")).isFalse();
        }
    }

    @Test
    void clearPasswordsWrittenDirectlyAreHashedAnyway() throws LDAPException {
        DN account = slapd.layout().staffMember("direct");
        try (LDAPConnection controlPlane = slapd.connect(slapd.controlPlaneDn(), slapd.controlPlanePassword())) {
            controlPlane.add(new Entry(account,
                    new Attribute("objectClass", "inetOrgPerson"), new Attribute("uid", "direct"),
                    new Attribute("cn", "Direct"), new Attribute("sn", "Direct"),
                    new Attribute("userPassword", "written in clear")));
        }

        assertThat(slapd.storedEntry(account.toString()).orElseThrow().getAttributeValue("userPassword"))
                .startsWith("{ARGON2}");
        assertThat(directory.authenticate(account, "written in clear")).isTrue();
    }

    @Test
    void groupsAndMembershipsStayConsistent() throws LDAPException {
        DirectoryLayout layout = slapd.layout();
        try (LDAPConnection controlPlane = slapd.connect(slapd.controlPlaneDn(), slapd.controlPlanePassword())) {
            SpaceSubtree.named("consistent").person("ana", "ana-pw").person("ben", "ben-pw")
                    .servicePassword("service-pw").createIn(controlPlane, layout);

            assertThat(controlPlane.getEntry(layout.person("consistent", "ana").toString(), "memberOf")
                    .getAttributeValues("memberOf"))
                    .containsExactlyInAnyOrder(layout.group("consistent", "members").toString(),
                            layout.group("consistent", "admins").toString());

            controlPlane.delete(layout.person("consistent", "ben").toString());

            assertThat(controlPlane.getEntry(layout.group("consistent", "members").toString(), "member")
                    .getAttributeValues("member"))
                    .containsExactly(layout.person("consistent", "ana").toString());
        }
    }

    @Test
    void anonymousClientsSeeNothing() throws LDAPException {
        try (LDAPConnection anonymous = slapd.connectAnonymously()) {
            assertThatThrownBy(() -> anonymous.search(slapd.baseDn(), SearchScope.SUB, "(objectClass=*)"))
                    .isInstanceOfSatisfying(LDAPException.class, e -> assertThat(e.getResultCode())
                            .isNotEqualTo(ResultCode.SUCCESS));
            assertThatThrownBy(() -> anonymous.search("", SearchScope.BASE, "(objectClass=*)", "+", "*"))
                    .isInstanceOf(LDAPException.class);
            // An anonymous bind would open the same door another way.
            assertThatThrownBy(() -> anonymous.bind("", ""))
                    .isInstanceOfSatisfying(LDAPException.class, e -> assertThat(e.getResultCode())
                            .isEqualTo(ResultCode.INAPPROPRIATE_AUTHENTICATION));
        }
    }
}
