package org.essaim.ldap;

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

/**
 * The provisioner's directory work against the real slapd and its production ACLs: the control plane's account can
 * create and remove a space's subtree, and the service account it creates reads its own space and nothing else.
 */
@RequiresProgram("slapd")
class SlapdSpaceSubtreesTest {

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    @Test
    void theServiceAccountItCreatesBindsAndReadsOnlyItsOwnSpace() throws LDAPException {
        DirectoryLayout layout = slapd.layout();
        slapd.spaces().ensureSpace("alpha", "alpha-service");
        slapd.spaces().ensureSpace("beta", "beta-service");
        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            SpaceSubtree.addPerson(controlPlane, layout, "alpha", "alice", "alice-password");
            SpaceSubtree.addPerson(controlPlane, layout, "beta", "bruno", "bruno-password");
        }

        try (LDAPConnection service =
                slapd.server().connect(layout.serviceAccount("alpha").toString(), "alpha-service")) {
            assertThat(service.search(layout.people("alpha").toString(), SearchScope.ONE, "(uid=*)")
                            .getEntryCount())
                    .isEqualTo(1);
            assertThatThrownBy(() -> service.search(layout.people("beta").toString(), SearchScope.ONE, "(uid=*)"))
                    .isInstanceOf(LDAPException.class)
                    .extracting(e -> ((LDAPException) e).getResultCode())
                    .isEqualTo(ResultCode.NO_SUCH_OBJECT);
            assertThatThrownBy(() -> service.modify(
                            "dn: " + layout.person("alpha", "alice"),
                            "changetype: modify",
                            "replace: cn",
                            "cn: changed"))
                    .isInstanceOf(LDAPException.class);
        }
        assertThat(slapd.server()
                        .storedEntry(layout.serviceAccount("alpha").toString())
                        .orElseThrow()
                        .getAttributeValue("userPassword"))
                .startsWith("{ARGON2}");
    }

    @Test
    void ensuringACompleteSpaceWritesNothing() {
        slapd.spaces().ensureSpace("gamma", "pw");
        String before = slapd.server().log();
        assertThat(slapd.spaces().ensureSpace("gamma", "pw")).isEmpty();
        String during = slapd.server().log().substring(before.length());
        assertThat(during).doesNotContain(" ADD ").doesNotContain(" MOD ").doesNotContain(" EXT ");
    }

    @Test
    void removesASpaceWithItsPeopleAndGroups() throws LDAPException {
        DirectoryLayout layout = slapd.layout();
        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            SpaceSubtree.named("delta")
                    .person("dora", "dora-password")
                    .person("dan", "dan-password")
                    .servicePassword("svc")
                    .createIn(controlPlane, layout);
        }
        assertThat(slapd.spaces().removeSpace("delta")).isEqualTo(8);
        assertThat(slapd.spaces().hasSpace("delta")).isFalse();
        assertThat(slapd.server().storedEntry(layout.person("delta", "dora").toString()))
                .isEmpty();
    }
}
