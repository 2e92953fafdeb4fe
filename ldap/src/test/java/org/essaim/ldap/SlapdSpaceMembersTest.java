package org.essaim.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SpaceMembersContract} on the real slapd with the production configuration, plus what only OpenLDAP
 * enforces: the ppolicy lock and minimum length, refint, and the ACLs around people.
 */
@RequiresProgram("slapd")
class SlapdSpaceMembersTest extends SpaceMembersContract {

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.withDefaultBase();

    @Override
    DirectoryConnection directory() {
        return slapd.directory();
    }

    @Test
    void aDisabledPersonCannotBindAtAllNotEvenAsAnApp() throws LDAPException {
        String slug = newSpace();
        members().create(slug, "lea", "Léa", "lea@example.org");
        members().create(slug, "kim", "Kim", "kim@example.org");
        members().setPassword(slug, "kim", "a long secret for K", null);
        String dn = slapd.layout().person(slug, "kim").toString();
        slapd.server().connect(dn, "a long secret for K").close();

        members().disable(slug, "kim");

        assertThatThrownBy(() -> slapd.server().connect(dn, "a long secret for K"))
                .isInstanceOf(LDAPException.class)
                .extracting(e -> ((LDAPException) e).getResultCode())
                .isEqualTo(ResultCode.INVALID_CREDENTIALS);
        assertThat(slapd.directory().authenticate(slapd.layout().person(slug, "kim"), "a long secret for K"))
                .as("the plain bind check refuses too, on OpenLDAP")
                .isFalse();
        members().enable(slug, "kim");
        slapd.server().connect(dn, "a long secret for K").close();
    }

    @Test
    void slapdItselfRefusesPasswordsShorterThanTwelve() throws LDAPException {
        String slug = newSpace();
        members().create(slug, "lea", "Lea", "lea@example.org");
        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            var result = controlPlane.processExtendedOperation(new PasswordModifyExtendedRequest(
                    slapd.layout().person(slug, "lea").toString(), null, "elevenchars"));
            assertThat(result.getResultCode()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        }
    }

    @Test
    void aPersonChangesTheirOwnPasswordAndNothingElse() throws LDAPException {
        String slug = newSpace();
        members().create(slug, "noe", "Noe", "noe@example.org");
        members().create(slug, "max", "Max", "max@example.org");
        members().setPassword(slug, "max", "the original secret of M", null);
        members().setPassword(slug, "noe", "the original secret of N", null);
        DirectoryLayout layout = slapd.layout();
        String max = layout.person(slug, "max").toString();

        try (LDAPConnection self = slapd.server().connect(max, "the original secret of M")) {
            assertThat(self.processExtendedOperation(
                                    new PasswordModifyExtendedRequest(null, null, "the brand new secret of M"))
                            .getResultCode())
                    .isEqualTo(ResultCode.SUCCESS);
            assertThat(self.processExtendedOperation(new PasswordModifyExtendedRequest(
                                    layout.person(slug, "noe").toString(), null, "max took noe's place"))
                            .getResultCode())
                    .isNotEqualTo(ResultCode.SUCCESS);
            for (Modification change : new Modification[] {
                new Modification(ModificationType.REPLACE, "mail", "max@evil.example"),
                new Modification(ModificationType.REPLACE, "displayName", "Root"),
                new Modification(ModificationType.DELETE, "pwdAccountLockedTime")
            }) {
                assertThatThrownBy(() -> self.modify(max, change))
                        .as(change.getAttributeName())
                        .isInstanceOf(LDAPException.class);
            }
            assertThatThrownBy(() -> self.modify(
                            layout.group(slug, SpaceMembers.ADMINS).toString(),
                            new Modification(ModificationType.ADD, "member", max)))
                    .isInstanceOf(LDAPException.class);
            assertThat(self.getEntry(max)).as("sees their own entry").isNotNull();
            assertThat(self.getEntry(layout.person(slug, "noe").toString()))
                    .as("and nobody else's")
                    .isNull();
        }
        assertThat(members().signIn(slug, "max", "the brand new secret of M")).isTrue();
        assertThat(members().signIn(slug, "noe", "the original secret of N")).isTrue();
        assertThat(members().find(slug, "max").orElseThrow().email()).isEqualTo("max@example.org");
        assertThat(members().find(slug, "max").orElseThrow().admin()).isFalse();
    }

    @Test
    void aSpacesServiceAccountSeesItsPeopleAndNoneOfAnotherSpace() throws LDAPException {
        String a = newSpace();
        String b = newSpace();
        members().create(a, "olga", "Olga " + SPECIAL, "olga@example.org");
        members().create(b, "paul", "Paul", "paul@example.org");
        members().setPassword(b, "paul", "the very own secret of P", null);
        DirectoryLayout layout = slapd.layout();

        try (LDAPConnection service =
                slapd.server().connect(layout.serviceAccount(a).toString(), "a long service password " + a)) {
            assertThat(service.search(layout.people(a).toString(), SearchScope.ONE, "(mail=*)")
                            .getSearchEntries())
                    .extracting(e -> e.getAttributeValue("cn"))
                    .containsExactly("Olga " + SPECIAL);
            assertThatThrownBy(() -> service.search(layout.people(b).toString(), SearchScope.ONE, "(uid=*)"))
                    .isInstanceOf(LDAPException.class)
                    .extracting(e -> ((LDAPException) e).getResultCode())
                    .isEqualTo(ResultCode.NO_SUCH_OBJECT);
            assertThat(service.getEntry(layout.person(b, "paul").toString())).isNull();
        }
    }

    @Test
    void deletingAPersonDirectlyLeavesNoMemberValueThanksToRefint() throws LDAPException {
        String slug = newSpace();
        members().create(slug, "quinn", "Quinn", "quinn@example.org");
        members().create(slug, "rose", "Rose", "rose@example.org");
        DirectoryLayout layout = slapd.layout();
        try (LDAPConnection controlPlane = slapd.server().connectAsControlPlane()) {
            controlPlane.delete(layout.person(slug, "rose").toString());
        }
        assertThat(members().members(slug, SpaceMembers.MEMBERS)).containsExactly(layout.person(slug, "quinn"));
    }
}
