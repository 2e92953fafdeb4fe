package org.essaim.security;

import org.essaim.ldap.EmbeddedDirectory;
import org.essaim.ldap.testing.SlapdExtension;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ExternalSlapd;
import org.essaim.testing.WebClient;
import org.essaim.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    static final String PASSWORD = ExternalSlapd.STAFF_PASSWORD;

    @RegisterExtension
    static final SlapdExtension slapd = SlapdExtension.forApplication(ExternalSlapd.BASE_DN);

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        ExternalSlapd.register(registry, slapd);
    }

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void theEmbeddedDirectoryIsNotStarted() {
        assertThat(context.getBeanProvider(EmbeddedDirectory.class).getIfAvailable())
                .isNull();
    }

    @Test
    void theFirstStaffAccountIsCreatedInSlapdWithAnArgon2HashAndSignsIn() {
        String adminDn = "uid=admin,ou=staff,dc=essaim,dc=example";
        assertThat(slapd.server().storedEntry(adminDn))
                .hasValueSatisfying(entry -> assertThat(entry.getAttributeValue("userPassword"))
                        .startsWith("{ARGON2}")
                        .doesNotContain(PASSWORD));

        WebClient browser = new WebClient(port);
        assertThat(browser.signIn("admin", PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/staff"));
        assertThat(browser.get("/staff").statusCode()).isEqualTo(200);
        assertThat(new WebClient(port).signIn("admin", PASSWORD + "!").headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error=credentials"));
    }
}
