package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.CompareRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ProxiedAuthorizationV2RequestControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.ldap.testing.SpaceSubtree;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production ACLs, on a real slapd, with two spaces side by side. What each identity may do:
 * <ul>
 *     <li>a space's service account reads its own space and nothing else, and writes nothing;</li>
 *     <li>a person reads their own entry and changes their own password (Password Modify), nothing more: their
 *     profile and group memberships go through the control plane, which checks them;</li>
 *     <li>the control plane writes under {@code ou=spaces} and {@code ou=staff}, and nowhere else;</li>
 *     <li>nobody reads a password hash; anonymous clients can only bind.</li>
 * </ul>
 */
@RequiresProgram("slapd")
class SlapdAccessControlTest {

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    private static DirectoryLayout layout;

    @BeforeAll
    static void buildTwoSpaces() throws LDAPException {
        layout = slapd.layout();
        slapd.directory().ensureSkeleton();
        try (LDAPConnection controlPlane = asControlPlane()) {
            SpaceSubtree.named("alpha")
                    .person("alice", "alice-pw")
                    .person("bob", "bob-pw")
                    .servicePassword("alpha-service-pw")
                    .createIn(controlPlane, layout);
            SpaceSubtree.named("beta")
                    .person("carol", "carol-pw")
                    .servicePassword("beta-service-pw")
                    .createIn(controlPlane, layout);
        }
    }

    @Test
    void serviceAccountReadsItsOwnSpace() throws LDAPException {
        try (LDAPConnection alphaService = asService("alpha")) {
            List<SearchResultEntry> people = alphaService
                    .search(
                            layout.people("alpha").toString(),
                            SearchScope.ONE,
                            "(objectClass=inetOrgPerson)",
                            "uid",
                            "mail",
                            "memberOf")
                    .getSearchEntries();
            assertThat(people)
                    .extracting(entry -> entry.getAttributeValue("uid"))
                    .containsExactlyInAnyOrder("alice", "bob");
            assertThat(people)
                    .allSatisfy(
                            person -> assertThat(person.hasAttribute("mail")).isTrue());
            assertThat(alphaService
                            .getEntry(layout.group("alpha", "admins").toString(), "member")
                            .getAttributeValues("member"))
                    .containsExactly(layout.person("alpha", "alice").toString());
        }
    }

    @Test
    void serviceAccountSeesNothingOfAnotherSpace() throws LDAPException {
        try (LDAPConnection alphaService = asService("alpha")) {
            assertThat(entriesVisibleTo(alphaService, layout.space("beta").toString(), "(objectClass=*)"))
                    .isZero();
            assertThat(alphaService.getEntry(layout.person("beta", "carol").toString()))
                    .isNull();
            assertThat(alphaService.getEntry(layout.group("beta", "members").toString()))
                    .isNull();
            // Nor through a wider search: the service account cannot even start a search above its own space.
            assertThat(entriesVisibleTo(alphaService, layout.spaces().toString(), "(uid=carol)"))
                    .isZero();
            assertThat(entriesVisibleTo(alphaService, slapd.server().baseDn(), "(uid=carol)"))
                    .isZero();
            assertRefused(
                    () -> alphaService.compare(layout.person("beta", "carol").toString(), "uid", "carol"));
        }
    }

    @Test
    void serviceAccountSeesNothingOutsideTheSpaces() throws LDAPException {
        try (LDAPConnection alphaService = asService("alpha")) {
            assertThat(alphaService.getEntry(layout.base().toString())).isNull();
            assertThat(alphaService.getEntry(slapd.server().controlPlaneDn())).isNull();
            assertThat(entriesVisibleTo(alphaService, layout.staff().toString(), "(objectClass=*)"))
                    .isZero();
            assertThat(alphaService.getEntry("cn=config")).isNull();
        }
    }

    @Test
    void serviceAccountCannotActAsSomeoneOfAnotherSpace() throws LDAPException {
        try (LDAPConnection alphaService = asService("alpha")) {
            SearchRequest asCarol =
                    new SearchRequest(layout.space("beta").toString(), SearchScope.SUB, "(objectClass=*)");
            asCarol.addControl(new ProxiedAuthorizationV2RequestControl("dn:" + layout.person("beta", "carol")));
            assertRefused(() -> alphaService.search(asCarol));

            ExtendedResult passwordChange = alphaService.processExtendedOperation(new PasswordModifyExtendedRequest(
                    layout.serviceAccount("beta").toString(), null, "taken over"));
            assertThat(passwordChange.getResultCode()).isNotEqualTo(ResultCode.SUCCESS);
        }
        assertThat(canBind(layout.serviceAccount("beta").toString(), "beta-service-pw"))
                .isTrue();
        assertThat(canBind(layout.serviceAccount("beta").toString(), "alpha-service-pw"))
                .isFalse();
    }

    @Test
    void serviceAccountCannotWriteEvenInItsOwnSpace() throws LDAPException {
        try (LDAPConnection alphaService = asService("alpha")) {
            assertRefused(() -> alphaService.add(new Entry(
                    layout.person("alpha", "mallory"),
                    new Attribute("objectClass", "inetOrgPerson"),
                    new Attribute("uid", "mallory"),
                    new Attribute("cn", "mallory"),
                    new Attribute("sn", "mallory"))));
            assertRefused(() -> alphaService.modify(
                    layout.person("alpha", "bob").toString(),
                    new Modification(ModificationType.REPLACE, "mail", "bob@elsewhere.example")));
            assertRefused(() -> alphaService.modify(
                    layout.group("alpha", "admins").toString(),
                    new Modification(
                            ModificationType.ADD,
                            "member",
                            layout.person("alpha", "bob").toString())));
            assertRefused(
                    () -> alphaService.delete(layout.person("alpha", "bob").toString()));
            ExtendedResult passwordChange = alphaService.processExtendedOperation(new PasswordModifyExtendedRequest(
                    layout.person("alpha", "bob").toString(), null, "chosen by the app"));
            assertThat(passwordChange.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS);
        }
        assertThat(canBind(layout.person("alpha", "bob").toString(), "bob-pw")).isTrue();
    }

    @Test
    void nobodyReadsPasswordHashes() throws LDAPException {
        String alice = layout.person("alpha", "alice").toString();
        for (LDAPConnection connection :
                List.of(asService("alpha"), asPerson("alpha", "alice", "alice-pw"), asControlPlane())) {
            try (connection) {
                Entry seen = connection.getEntry(alice, "*", "userPassword");
                assertThat(seen).isNotNull();
                assertThat(seen.hasAttribute("userPassword")).isFalse();
                assertRefused(() -> connection.compare(new CompareRequest(alice, "userPassword", "alice-pw")));
                assertThat(entriesVisibleTo(connection, layout.people("alpha").toString(), "(userPassword=*)"))
                        .isZero();
            }
        }
        assertThat(slapd.server().storedEntry(alice).orElseThrow().getAttributeValue("userPassword"))
                .startsWith("{ARGON2}");
    }

    @Test
    void personChangesTheirOwnPasswordThroughPasswordModify() throws LDAPException {
        try (LDAPConnection controlPlane = asControlPlane()) {
            SpaceSubtree.named("delta")
                    .person("dora", "dora-first")
                    .servicePassword("delta-service-pw")
                    .createIn(controlPlane, layout);
        }
        try (LDAPConnection dora = asPerson("delta", "dora", "dora-first")) {
            ExtendedResult result =
                    dora.processExtendedOperation(new PasswordModifyExtendedRequest(null, "dora-first", "dora-second"));
            assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);
        }
        String dora = layout.person("delta", "dora").toString();
        assertThat(canBind(dora, "dora-second")).isTrue();
        assertThat(canBind(dora, "dora-first")).isFalse();
        assertThat(slapd.server().storedEntry(dora).orElseThrow().getAttributeValue("userPassword"))
                .startsWith("{ARGON2}");
    }

    @Test
    void personCannotChangeSomeoneElsesPassword() throws LDAPException {
        try (LDAPConnection alice = asPerson("alpha", "alice", "alice-pw")) {
            for (String victim : List.of(
                    layout.person("alpha", "bob").toString(),
                    layout.person("beta", "carol").toString(),
                    layout.serviceAccount("alpha").toString())) {
                ExtendedResult result = alice.processExtendedOperation(
                        new PasswordModifyExtendedRequest(victim, null, "chosen by alice"));
                assertThat(result.getResultCode()).as(victim).isNotEqualTo(ResultCode.SUCCESS);
            }
        }
        assertThat(canBind(layout.person("alpha", "bob").toString(), "bob-pw")).isTrue();
        assertThat(canBind(layout.person("beta", "carol").toString(), "carol-pw"))
                .isTrue();
        assertThat(canBind(layout.serviceAccount("alpha").toString(), "alpha-service-pw"))
                .isTrue();
    }

    @Test
    void personCannotChangeAnythingElseEvenTheirOwnProfile() throws LDAPException {
        String alice = layout.person("alpha", "alice").toString();
        try (LDAPConnection connection = asPerson("alpha", "alice", "alice-pw")) {
            assertRefused(() -> connection.modify(
                    alice, new Modification(ModificationType.REPLACE, "mail", "alice@elsewhere.example")));
            // memberOf is the server's to maintain: nobody may write it, whatever the ACLs.
            assertThatThrownBy(() -> connection.modify(
                            alice,
                            new Modification(
                                    ModificationType.ADD,
                                    "memberOf",
                                    layout.group("beta", "admins").toString())))
                    .isInstanceOfSatisfying(
                            LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION));
            assertRefused(() -> connection.modify(
                    layout.group("alpha", "admins").toString(),
                    new Modification(
                            ModificationType.ADD,
                            "member",
                            layout.person("alpha", "bob").toString())));
            assertRefused(() -> connection.modify(
                    layout.person("alpha", "bob").toString(),
                    new Modification(ModificationType.REPLACE, "mail", "bob@elsewhere.example")));
            assertRefused(() -> connection.delete(layout.person("alpha", "bob").toString()));
        }
        assertThat(slapd.server().storedEntry(alice).orElseThrow().getAttributeValue("mail"))
                .isEqualTo("alice@alpha.example");
    }

    @Test
    void personSeesOnlyTheirOwnEntry() throws LDAPException {
        try (LDAPConnection alice = asPerson("alpha", "alice", "alice-pw")) {
            assertThat(alice.getEntry(layout.person("alpha", "alice").toString(), "uid", "mail"))
                    .isNotNull();
            assertThat(alice.getEntry(layout.person("alpha", "bob").toString())).isNull();
            assertThat(alice.getEntry(layout.group("alpha", "members").toString()))
                    .isNull();
            assertThat(entriesVisibleTo(alice, layout.people("alpha").toString(), "(objectClass=*)"))
                    .isZero();
            assertThat(entriesVisibleTo(alice, layout.space("beta").toString(), "(objectClass=*)"))
                    .isZero();
        }
    }

    @Test
    void controlPlaneWritesUnderSpacesAndStaff() throws LDAPException {
        try (LDAPConnection controlPlane = asControlPlane()) {
            SpaceSubtree.named("gamma")
                    .person("gaspard", "gaspard-pw")
                    .servicePassword("gamma-service-pw")
                    .createIn(controlPlane, layout);
            String gaspard = layout.person("gamma", "gaspard").toString();
            assertSucceeds(controlPlane.modify(
                    gaspard, new Modification(ModificationType.REPLACE, "mail", "gaspard@gamma.example")));

            String staffMember = layout.staffMember("olympe").toString();
            assertSucceeds(controlPlane.add(new Entry(
                    staffMember,
                    new Attribute("objectClass", "inetOrgPerson"),
                    new Attribute("uid", "olympe"),
                    new Attribute("cn", "Olympe"),
                    new Attribute("sn", "Olympe"))));
            assertSucceeds(controlPlane.modify(
                    staffMember, new Modification(ModificationType.REPLACE, "cn", "Olympe de Gouges")));
            assertSucceeds(controlPlane.delete(staffMember));

            for (String dn : List.of(
                    layout.group("gamma", "members").toString(),
                    layout.group("gamma", "admins").toString(),
                    layout.serviceAccount("gamma").toString(),
                    gaspard,
                    layout.groups("gamma").toString(),
                    layout.people("gamma").toString(),
                    layout.space("gamma").toString())) {
                assertSucceeds(controlPlane.delete(dn));
            }
        }
    }

    @Test
    void controlPlaneCannotWriteAnywhereElse() throws LDAPException {
        try (LDAPConnection controlPlane = asControlPlane()) {
            assertRefused(() -> controlPlane.add(new Entry(
                    "ou=elsewhere," + slapd.server().baseDn(),
                    new Attribute("objectClass", "organizationalUnit"),
                    new Attribute("ou", "elsewhere"))));
            assertRefused(() -> controlPlane.modify(
                    slapd.server().baseDn(), new Modification(ModificationType.REPLACE, "o", "Taken over")));
            assertRefused(() -> controlPlane.modify(
                    slapd.server().controlPlaneDn(),
                    new Modification(ModificationType.REPLACE, "description", "now a manager")));
            assertRefused(() -> controlPlane.modify(
                    "olcDatabase={1}mdb,cn=config",
                    new Modification(ModificationType.ADD, "olcAccess", "to * by * write")));
            assertThat(controlPlane.getEntry("cn=config")).isNull();
        }
    }

    @Test
    void anonymousClientsCanOnlyBind() throws LDAPException {
        try (LDAPConnection anonymous = slapd.server().connectAnonymously()) {
            assertRefused(
                    () -> anonymous.search(layout.people("alpha").toString(), SearchScope.SUB, "(objectClass=*)"));
            assertRefused(
                    () -> anonymous.compare(layout.person("alpha", "alice").toString(), "uid", "alice"));
            ExtendedResult passwordChange = anonymous.processExtendedOperation(new PasswordModifyExtendedRequest(
                    layout.person("alpha", "alice").toString(), null, "anonymous choice"));
            assertThat(passwordChange.getResultCode()).isNotEqualTo(ResultCode.SUCCESS);
            assertRefused(() -> anonymous.bind("", ""));

            assertSucceeds(anonymous.bind(layout.person("alpha", "alice").toString(), "alice-pw"));
        }
    }

    private static LDAPConnection asControlPlane() throws LDAPException {
        return slapd.server().connectAsControlPlane();
    }

    private static LDAPConnection asService(String slug) throws LDAPException {
        return slapd.server().connect(layout.serviceAccount(slug).toString(), slug + "-service-pw");
    }

    private static LDAPConnection asPerson(String slug, String uid, String password) throws LDAPException {
        return slapd.server().connect(layout.person(slug, uid).toString(), password);
    }

    private static boolean canBind(String dn, String password) {
        try (LDAPConnection ignored = slapd.server().connect(dn, password)) {
            return true;
        } catch (LDAPException e) {
            assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
            return false;
        }
    }

    /** How many entries a search returns; a base that is invisible to the searcher counts as none. */
    private static int entriesVisibleTo(LDAPConnection connection, String base, String filter) throws LDAPException {
        try {
            return connection.search(base, SearchScope.SUB, filter, "1.1").getEntryCount();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return 0;
            }
            throw e;
        }
    }

    private static void assertRefused(ThrowingCallable operation) {
        assertThatThrownBy(operation)
                .isInstanceOfSatisfying(
                        LDAPException.class,
                        e -> assertThat(e.getResultCode())
                                .isIn(
                                        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
                                        ResultCode.NO_SUCH_OBJECT,
                                        ResultCode.UNWILLING_TO_PERFORM,
                                        ResultCode.INAPPROPRIATE_AUTHENTICATION,
                                        ResultCode.INVALID_CREDENTIALS,
                                        ResultCode.AUTHORIZATION_DENIED,
                                        ResultCode.STRONG_AUTH_REQUIRED));
    }

    private static void assertSucceeds(LDAPResult result) {
        assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);
    }
}
