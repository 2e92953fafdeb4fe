package org.essaim.ldap;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The provisioner's directory work against the real slapd and its production ACLs: the control plane's account can
 * create and remove a space's subtree, and the service account it creates reads its own space and nothing else.
 */
@RequiresProgram("slapd")
class SlapdSpaceDirectoryTest {

    private static SlapdServer slapd;
    private static Directory directory;

    @BeforeAll
    static void startSlapd() {
        slapd = SlapdServer.start();
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
    void theServiceAccountItCreatesBindsAndReadsOnlyItsOwnSpace() throws LDAPException {
        DirectoryLayout layout = slapd.layout();
        directory.ensureSpace("alpha", "alpha-service");
        directory.ensureSpace("beta", "beta-service");
        try (LDAPConnection controlPlane = slapd.connect(slapd.controlPlaneDn(), slapd.controlPlanePassword())) {
            SpaceSubtree.addPerson(controlPlane, layout, "alpha", "alice", "alice-password");
            SpaceSubtree.addPerson(controlPlane, layout, "beta", "bruno", "bruno-password");
        }

        try (LDAPConnection service = slapd.connect(layout.serviceAccount("alpha").toString(), "alpha-service")) {
            assertThat(service.search(layout.people("alpha").toString(), SearchScope.ONE, "(uid=*)").getEntryCount())
                    .isEqualTo(1);
            assertThatThrownBy(() -> service.search(layout.people("beta").toString(), SearchScope.ONE, "(uid=*)"))
                    .isInstanceOf(LDAPException.class)
                    .extracting(e -> ((LDAPException) e).getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT);
            assertThatThrownBy(() -> service.modify("dn: " + layout.person("alpha", "alice"), "changetype: modify",
                    "replace: cn", "cn: changed")).isInstanceOf(LDAPException.class);
        }
        assertThat(slapd.storedEntry(layout.serviceAccount("alpha").toString()).orElseThrow()
                .getAttributeValue("userPassword")).startsWith("{ARGON2}");
    }

    @Test
    void ensuringACompleteSpaceWritesNothing() {
        directory.ensureSpace("gamma", "pw");
        String before = slapd.log();
        assertThat(directory.ensureSpace("gamma", "pw")).isEmpty();
        String during = slapd.log().substring(before.length());
        assertThat(during).doesNotContain(" ADD ").doesNotContain(" MOD ").doesNotContain(" EXT ");
    }

    @Test
    void removesASpaceWithItsPeopleAndGroups() throws LDAPException {
        DirectoryLayout layout = slapd.layout();
        try (LDAPConnection controlPlane = slapd.connect(slapd.controlPlaneDn(), slapd.controlPlanePassword())) {
            SpaceSubtree.named("delta").person("dora", "dora-password").person("dan", "dan-password")
                    .servicePassword("svc").createIn(controlPlane, layout);
        }
        assertThat(directory.removeSpace("delta")).isEqualTo(8);
        assertThat(directory.hasSpace("delta")).isFalse();
        assertThat(slapd.storedEntry(layout.person("delta", "dora").toString())).isEmpty();
    }
}
