package org.essaim.testing;

import org.essaim.ldap.DirectorySettings;
import org.essaim.ldap.testing.SlapdExtension;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;

/**
 * The application under test on a real slapd (the ldap test-jar's {@link SlapdExtension}), configured as an external
 * directory is in production: its URL, base, the control plane's own account, and the first staff account's password
 * (so that a fresh slapd's first start does not write a generated one over the data directory's).
 *
 * <pre>{@code
 * @EssaimTest
 * @RequiresProgram("slapd")
 * class SomethingTest {
 *     @RegisterExtension
 *     static final SlapdExtension slapd = SlapdExtension.forApplication(ExternalSlapd.BASE_DN);
 *
 *     @DynamicPropertySource
 *     static void directory(DynamicPropertyRegistry registry) {
 *         ExternalSlapd.register(registry, slapd);
 *     }
 * }
 * }</pre>
 */
public final class ExternalSlapd {

    public static final String BASE_DN = "dc=essaim,dc=example";
    public static final String STAFF_PASSWORD = "a-long-staff-password-for-slapd";

    private ExternalSlapd() {}

    /** Starts slapd if it is not yet running, and points the application's properties at it. */
    public static void register(DynamicPropertyRegistry registry, SlapdExtension slapd) {
        DirectorySettings settings = slapd.server().controlPlaneSettings();
        registry.add("essaim.ldap.url", settings::url);
        registry.add("essaim.ldap.base-dn", settings::baseDn);
        registry.add("essaim.ldap.bind-dn", settings::bindDn);
        registry.add("essaim.ldap.bind-password", settings::bindPassword);
        registry.add("essaim.bootstrap.staff-password", () -> STAFF_PASSWORD);
    }

    /** The same, as command-line arguments, for a second application started by hand. */
    public static List<String> arguments(SlapdExtension slapd) {
        DirectorySettings settings = slapd.server().controlPlaneSettings();
        return List.of(
                "--essaim.ldap.url=" + settings.url(),
                "--essaim.ldap.base-dn=" + settings.baseDn(),
                "--essaim.ldap.bind-dn=" + settings.bindDn(),
                "--essaim.ldap.bind-password=" + settings.bindPassword(),
                "--essaim.bootstrap.staff-password=" + STAFF_PASSWORD);
    }
}
