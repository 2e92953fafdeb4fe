package org.essaim.security;

import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.testing.SlapdServer;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Essaim configured for an external directory: the real OpenLDAP with the ldap module's production configuration.
 * The embedded directory must not start, and staff sign in by binding to slapd, whose argon2 hash is all it keeps.
 */
@EssaimTest
@RequiresProgram("slapd")
class ExternalDirectoryTest {

    static final String PASSWORD = "a-long-staff-password-for-slapd";
    private static SlapdServer slapd;

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        slapd = SlapdServer.start("dc=essaim,dc=example");
        var settings = slapd.controlPlaneSettings();
        registry.add("essaim.ldap.url", settings::url);
        registry.add("essaim.ldap.base-dn", settings::baseDn);
        registry.add("essaim.ldap.bind-dn", settings::bindDn);
        registry.add("essaim.ldap.bind-password", settings::bindPassword);
        registry.add("essaim.bootstrap.staff-password", () -> PASSWORD);
    }

    @AfterAll
    static void stopSlapd() {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    @Test
    void theEmbeddedDirectoryIsNotStarted() {
        assertThat(context.getBeanProvider(EmbeddedDirectory.class).getIfAvailable()).isNull();
    }

    @Test
    void theFirstStaffAccountIsCreatedInSlapdWithAnArgon2HashAndSignsIn() {
        String adminDn = "uid=admin,ou=staff,dc=essaim,dc=example";
        assertThat(slapd.storedEntry(adminDn)).hasValueSatisfying(entry ->
                assertThat(entry.getAttributeValue("userPassword")).startsWith("{ARGON2}").doesNotContain(PASSWORD));

        WebClient browser = new WebClient(port);
        assertThat(browser.signIn("admin", PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/staff"));
        assertThat(browser.get("/staff").statusCode()).isEqualTo(200);
        assertThat(new WebClient(port).signIn("admin", PASSWORD + "!").headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error=credentials"));
    }
}
