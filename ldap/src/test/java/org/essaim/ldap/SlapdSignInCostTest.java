package org.essaim.ldap;

import com.unboundid.ldap.sdk.Entry;
import org.essaim.ldap.testing.OperationLog;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignInCostContract} on slapd with the production configuration, and what only OpenLDAP shows: the decoy's
 * password is an argon2 hash as a person's is (so each failed bind costs one argon2 check), under the same password
 * policy, so a failed bind on it leaves the same ppolicy bookkeeping as one on a person.
 */
@RequiresProgram("slapd")
class SlapdSignInCostTest extends SignInCostContract {

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    private static OperationLog log;
    private static DirectoryConnection logged;

    @BeforeAll
    static void start() {
        log = OperationLog.inFrontOf(slapd.server().controlPlaneSettings());
        logged = DirectoryConnection.connect(log.settings());
    }

    @AfterAll
    static void stop() {
        if (logged != null) {
            logged.close();
            log.close();
        }
    }

    @Override
    DirectoryConnection directory() {
        return slapd.directory();
    }

    @Override
    OperationLog log() {
        return log;
    }

    @Override
    DirectoryConnection logged() {
        return logged;
    }

    @Test
    void theDecoyIsCheckedAsAPersonIs() {
        String slug = spaceWithPeople();
        SpaceMembers members = slapd.members();
        members.signIn(members.signInCandidate(slug, "camille"), "wrong password!");
        members.signIn(members.signInCandidate(slug, "nobody"), "wrong password!");
        Entry person = slapd.server()
                .storedEntry(slapd.layout().person(slug, "camille").toString())
                .orElseThrow();
        Entry decoy = slapd.server()
                .storedEntry(slapd.layout().signInDecoy(true).toString())
                .orElseThrow();
        assertThat(person.getAttributeValue("userPassword")).startsWith("{ARGON2}");
        assertThat(decoy.getAttributeValue("userPassword"))
                .as("hashed by slapd on add")
                .startsWith("{ARGON2}");
        assertThat(decoy.getAttributeValue("pwdPolicySubentry"))
                .isEqualTo(person.getAttributeValue("pwdPolicySubentry"));
        // The same policy, so the same bookkeeping after a failure (with pwdMaxFailure 0, none is written for either).
        assertThat(decoy.hasAttribute("pwdFailureTime")).isEqualTo(person.hasAttribute("pwdFailureTime"));
        Entry staffDecoy = slapd.server()
                .storedEntry(slapd.layout().signInDecoy(false).toString())
                .orElseThrow();
        assertThat(staffDecoy.getAttributeValue("userPassword")).startsWith("{ARGON2}");
        assertThat(staffDecoy.hasAttribute("pwdPolicySubentry"))
                .as("staff are under no policy")
                .isFalse();
    }
}
