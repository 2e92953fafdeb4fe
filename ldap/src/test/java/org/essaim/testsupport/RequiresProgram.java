package org.essaim.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class or method only where the programs it drives are installed, such as {@code slapd} or
 * {@code chromium} and {@code chromedriver}. On a developer's machine without them the test is skipped with the
 * command that installs them; under {@code CI=true} it runs anyway, so a build machine that lacks them fails
 * loudly instead of quietly testing less.
 *
 * <pre>{@code
 * @RequiresProgram("slapd")
 * class SlapdDirectoryTest { ... }
 *
 * @RequiresProgram({"chromium", "chromedriver"})
 * class SignInPageTest { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresProgramCondition.class)
public @interface RequiresProgram {

    /** Program names (looked up in PATH, then /usr/sbin and /usr/bin) or absolute paths. */
    String[] value();

    /**
     * The Debian packages that provide the programs, for the skip message. Left empty, it is derived from the
     * programs Essaim knows (slapd, ldap-utils, chromium, chromium-driver).
     */
    String[] packages() default {};
}
