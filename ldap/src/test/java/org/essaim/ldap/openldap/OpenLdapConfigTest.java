package org.essaim.ldap.openldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rendering the shipped template; what slapd makes of it is checked by the Slapd*Test classes. */
class OpenLdapConfigTest {

    private static final String HASH = "{ARGON2}$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$DKlexoEJUoZTmkAAC3SaMWk30El9";

    @Test
    void rendersEveryPlaceholder() {
        String config = OpenLdapConfig.debian("dc=essaim,dc=org", HASH).renderConfig();

        assertThat(config).doesNotContain("{{").doesNotContain("}}");
        assertThat(config)
                .contains(
                        "olcSuffix: dc=essaim,dc=org",
                        "olcDbDirectory: /var/lib/ldap",
                        "olcModulePath: /usr/lib/ldap",
                        "include: file:///etc/ldap/schema/inetorgperson.ldif",
                        "olcPidFile: /run/slapd/slapd.pid",
                        "olcPasswordHash: {ARGON2}",
                        "olcModuleLoad: {1}argon2 m=19456 t=2 p=1",
                        "by dn.exact=\"cn=control-plane,dc=essaim,dc=org\" write",
                        "by dn.exact,expand=\"cn=service,ou=$2,ou=spaces,dc=essaim,dc=org\" read");
        assertThat(config).contains("memberof", "refint", "ppolicy");
    }

    @Test
    void neverPutsThePasswordHashInTheConfiguration() {
        assertThat(OpenLdapConfig.debian("dc=essaim,dc=org", HASH).renderConfig())
                .doesNotContain(HASH);
        assertThat(OpenLdapConfig.debian("dc=essaim,dc=org", HASH).toString()).doesNotContain(HASH);
    }

    @Test
    void seedHoldsTheBaseEntryAndTheControlPlanesAccount() throws Exception {
        String seed = OpenLdapConfig.debian("dc=essaim,dc=org", HASH).renderSeed();

        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(seed.getBytes(StandardCharsets.UTF_8)))) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                entries.add(entry);
            }
        }
        assertThat(entries)
                .extracting(Entry::getDN)
                .containsExactly(
                        "dc=essaim,dc=org",
                        "cn=control-plane,dc=essaim,dc=org",
                        "ou=policies,dc=essaim,dc=org",
                        "cn=people,ou=policies,dc=essaim,dc=org");
        assertThat(entries.get(3).getAttributeValue("pwdMinLength")).isEqualTo("12");
        assertThat(entries.get(0).getObjectClassValues()).contains("dcObject", "organization");
        assertThat(entries.get(1).getAttributeValue("userPassword")).isEqualTo(HASH);
    }

    @Test
    void normalisesTheBaseDnAsSlapdCompareIt() {
        OpenLdapConfig config = OpenLdapConfig.debian("DC=Essaim, DC=Org", HASH);

        assertThat(config.baseDn()).isEqualTo("dc=essaim,dc=org");
        assertThat(config.controlPlaneDn()).isEqualTo("cn=control-plane,dc=essaim,dc=org");
    }

    @Test
    void refusesBaseDnsTheAclsCouldNotMatchSafely() {
        for (String unsafe : List.of("o=Essaim Org", "dc=essaim.org", "uid=x,dc=essaim,dc=org", "dc=(.*)", "")) {
            assertThatThrownBy(() -> OpenLdapConfig.debian(unsafe, HASH))
                    .as(unsafe)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesAClearPassword() {
        for (String notAHash : List.of("secret", "{CLEARTEXT}secret", "{ARGON2}", "{SSHA}abc\nolcRootPW: x")) {
            assertThatThrownBy(() -> OpenLdapConfig.debian("dc=essaim,dc=org", notAHash))
                    .as(notAHash)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void keepsTheControlPlaneDirectlyBelowTheBase() {
        OpenLdapConfig config = OpenLdapConfig.debian("dc=essaim,dc=org", HASH);

        assertThat(config.withControlPlaneDn("cn=essaim-api,dc=essaim,dc=org").renderConfig())
                .contains("dn.exact=\"cn=essaim-api,dc=essaim,dc=org\"");
        assertThatThrownBy(() -> config.withControlPlaneDn("cn=control-plane,ou=staff,dc=essaim,dc=org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withControlPlaneDn("cn=control-plane,dc=other,dc=org"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesPathsThatWouldBreakTheLdif() {
        OpenLdapConfig config = OpenLdapConfig.debian("dc=essaim,dc=org", HASH);

        assertThatThrownBy(() -> config.withDataDirectory(Path.of("relative/data")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withRunDirectory(Path.of("/run/slapd\nolcRootPW: x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheSeedReadableByItsOwnerOnly(@TempDir Path directory) throws Exception {
        OpenLdapConfig.debian("dc=essaim,dc=org", HASH).writeTo(directory);

        assertThat(directory.resolve(OpenLdapConfig.TEMPLATE)).exists();
        assertThat(Files.getPosixFilePermissions(directory.resolve("seed.ldif")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
