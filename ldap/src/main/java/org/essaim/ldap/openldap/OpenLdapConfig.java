package org.essaim.ldap.openldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import org.essaim.ldap.DirectoryLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Essaim's production OpenLDAP configuration: renders the shipped cn=config template
 * ({@code slapd-config.ldif} beside this class) and the seed that puts the control plane's account in the
 * database. Production tooling and the tests' slapd both go through here, so they run the same ACLs.
 *
 * <p>Loading order on an empty server: {@code slapadd -n 0 -F <slapd.d> -l slapd-config.ldif}, then
 * {@code slapadd -F <slapd.d> -b <base> -l seed.ldif}, then start slapd with {@code -F <slapd.d>}.
 *
 * @param baseDn                   the directory's suffix, e.g. {@code dc=essaim,dc=org}; kept normalised
 * @param controlPlaneDn           the control plane's account, {@code cn=<name>} directly below the base
 * @param controlPlanePasswordHash that account's password, hashed as {@code slappasswd} prints it, e.g.
 *                                 {@code {ARGON2}$argon2i$v=19$...}; the clear password never reaches these files
 * @param operatorDn               the identity with full rights on configuration and data, used over
 *                                 {@code ldapi://} with SASL EXTERNAL (no password, so not usable over the network)
 * @param moduleDirectory          slapd's modules ({@code /usr/lib/ldap} on Debian)
 * @param schemaDirectory          the schema LDIF files ({@code /etc/ldap/schema} on Debian)
 * @param dataDirectory            the mdb database directory, which must exist before slapadd runs
 * @param runDirectory             where slapd writes its pid and args files
 * @param argon2Parameters         argon2's cost, as the module's load parameters
 */
public record OpenLdapConfig(
        String baseDn,
        String controlPlaneDn,
        String controlPlanePasswordHash,
        String operatorDn,
        Path moduleDirectory,
        Path schemaDirectory,
        Path dataDirectory,
        Path runDirectory,
        String argon2Parameters) {

    public static final String TEMPLATE = "slapd-config.ldif";
    /** The control plane's account name below the base unless configured otherwise. */
    public static final String DEFAULT_CONTROL_PLANE_RDN = "cn=control-plane";
    /** Root over the local socket: whoever is root on the directory's host or container administers it. */
    public static final String DEFAULT_OPERATOR_DN = "gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth";
    /** OWASP's minimum for argon2: 19 MiB, 2 passes, 1 lane (about 50 ms per bind on one core). */
    public static final String DEFAULT_ARGON2_PARAMETERS = "m=19456 t=2 p=1";

    // The base DN is used inside the ACLs' regular expression, and slapd matches it against normalised DNs:
    // restricting its values to letters, digits and hyphens keeps both the regex and the normalisation trivial.
    private static final Pattern BASE_RDN = Pattern.compile("(dc|o|ou)=[a-z0-9-]+");
    private static final Pattern CONTROL_PLANE_RDN = Pattern.compile("cn=[a-z0-9-]+");
    private static final Pattern PASSWORD_HASH = Pattern.compile("\\{[A-Za-z0-9.-]+}\\S+");
    private static final Pattern ARGON2_PARAMETERS = Pattern.compile("[mtp]=[0-9]+( [mtp]=[0-9]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z0-9_]+)}}");

    public OpenLdapConfig {
        baseDn = normalisedBase(baseDn);
        controlPlaneDn = normalisedControlPlane(controlPlaneDn, baseDn);
        if (controlPlanePasswordHash == null
                || !PASSWORD_HASH.matcher(controlPlanePasswordHash).matches()
                || controlPlanePasswordHash.regionMatches(true, 0, "{CLEARTEXT}", 0, 11)) {
            throw new IllegalArgumentException("The control plane's password must be given hashed, as slappasswd "
                    + "prints it (for example {ARGON2}$argon2i$...), never in clear");
        }
        operatorDn = parse(operatorDn, "operator DN").toString();
        requireUsablePath(moduleDirectory, "module directory");
        requireUsablePath(schemaDirectory, "schema directory");
        requireUsablePath(dataDirectory, "data directory");
        requireUsablePath(runDirectory, "run directory");
        if (argon2Parameters == null
                || !ARGON2_PARAMETERS.matcher(argon2Parameters).matches()) {
            throw new IllegalArgumentException(
                    "argon2 parameters look like \"m=19456 t=2 p=1\", got " + argon2Parameters);
        }
    }

    /** Debian's paths (the {@code slapd} package) and Essaim's defaults for everything else. */
    public static OpenLdapConfig debian(String baseDn, String controlPlanePasswordHash) {
        return new OpenLdapConfig(
                baseDn,
                defaultControlPlaneDn(baseDn),
                controlPlanePasswordHash,
                DEFAULT_OPERATOR_DN,
                Path.of("/usr/lib/ldap"),
                Path.of("/etc/ldap/schema"),
                Path.of("/var/lib/ldap"),
                Path.of("/run/slapd"),
                DEFAULT_ARGON2_PARAMETERS);
    }

    public static String defaultControlPlaneDn(String baseDn) {
        return DEFAULT_CONTROL_PLANE_RDN + "," + normalisedBase(baseDn);
    }

    public OpenLdapConfig withControlPlaneDn(String dn) {
        return new OpenLdapConfig(
                baseDn,
                dn,
                controlPlanePasswordHash,
                operatorDn,
                moduleDirectory,
                schemaDirectory,
                dataDirectory,
                runDirectory,
                argon2Parameters);
    }

    public OpenLdapConfig withOperatorDn(String dn) {
        return new OpenLdapConfig(
                baseDn,
                controlPlaneDn,
                controlPlanePasswordHash,
                dn,
                moduleDirectory,
                schemaDirectory,
                dataDirectory,
                runDirectory,
                argon2Parameters);
    }

    public OpenLdapConfig withModuleDirectory(Path directory) {
        return new OpenLdapConfig(
                baseDn,
                controlPlaneDn,
                controlPlanePasswordHash,
                operatorDn,
                directory,
                schemaDirectory,
                dataDirectory,
                runDirectory,
                argon2Parameters);
    }

    public OpenLdapConfig withSchemaDirectory(Path directory) {
        return new OpenLdapConfig(
                baseDn,
                controlPlaneDn,
                controlPlanePasswordHash,
                operatorDn,
                moduleDirectory,
                directory,
                dataDirectory,
                runDirectory,
                argon2Parameters);
    }

    public OpenLdapConfig withDataDirectory(Path directory) {
        return new OpenLdapConfig(
                baseDn,
                controlPlaneDn,
                controlPlanePasswordHash,
                operatorDn,
                moduleDirectory,
                schemaDirectory,
                directory,
                runDirectory,
                argon2Parameters);
    }

    public OpenLdapConfig withRunDirectory(Path directory) {
        return new OpenLdapConfig(
                baseDn,
                controlPlaneDn,
                controlPlanePasswordHash,
                operatorDn,
                moduleDirectory,
                schemaDirectory,
                dataDirectory,
                directory,
                argon2Parameters);
    }

    public OpenLdapConfig withArgon2Parameters(String parameters) {
        return new OpenLdapConfig(
                baseDn,
                controlPlaneDn,
                controlPlanePasswordHash,
                operatorDn,
                moduleDirectory,
                schemaDirectory,
                dataDirectory,
                runDirectory,
                parameters);
    }

    /** The cn=config LDIF, for {@code slapadd -n 0}. */
    public String renderConfig() {
        Map<String, String> values = Map.of(
                "BASE_DN",
                baseDn,
                "CONTROL_PLANE_DN",
                controlPlaneDn,
                "OPERATOR_DN",
                operatorDn,
                "MODULE_DIR",
                moduleDirectory.toString(),
                "SCHEMA_DIR",
                schemaDirectory.toString(),
                "DATA_DIR",
                dataDirectory.toString(),
                "RUN_DIR",
                runDirectory.toString(),
                "ARGON2_PARAMETERS",
                argon2Parameters);
        String template = template();
        // The template's header documents the placeholders; the rendered file only says where it came from.
        String body = template.substring(template.indexOf("\ndn: ") + 1);
        Matcher matcher = PLACEHOLDER.matcher(body);
        StringBuilder rendered = new StringBuilder("# Rendered by " + OpenLdapConfig.class.getName() + " from "
                + TEMPLATE + ": change the template, not this file.\n\n");
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException(TEMPLATE + " uses " + matcher.group() + ", which has no value");
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    /**
     * The database's first entries, for {@code slapadd -b <base>}: the base entry and the control plane's account,
     * without which nobody could ever write (the operator aside).
     */
    public String renderSeed() {
        Entry base = DirectoryLayout.of(baseDn).baseEntry();
        Entry controlPlane = new Entry(
                controlPlaneDn,
                new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                new Attribute(
                        "cn", parse(controlPlaneDn, "control plane DN").getRDN().getAttributeValues()[0]),
                new Attribute("description", "Essaim control plane"),
                new Attribute("userPassword", controlPlanePasswordHash));
        DirectoryLayout layout = DirectoryLayout.of(baseDn);
        Entry policies = new Entry(
                layout.policies(),
                new Attribute("objectClass", "top", "organizationalUnit"),
                new Attribute("ou", "policies"));
        // People's password policy (each person points to it with pwdPolicySubentry): 12 characters at least, checked
        // on the clear text Password Modify carries (pwdCheckQuality 2 refuses a pre-hashed value it cannot check).
        Entry people = new Entry(
                layout.peoplePasswordPolicy(),
                new Attribute("objectClass", "top", "namedPolicy", "pwdPolicy"),
                new Attribute("cn", "people"),
                new Attribute("pwdAttribute", "userPassword"),
                new Attribute("pwdMinLength", "12"),
                new Attribute("pwdCheckQuality", "2"),
                new Attribute("pwdAllowUserChange", "TRUE"),
                // ppolicy honours pwdAccountLockedTime only with pwdLockout on; no failure count (pwdMaxFailure 0),
                // so only the control plane's lock ever locks anyone: failed sign-ins are rate-limited upstream.
                new Attribute("pwdLockout", "TRUE"),
                new Attribute("pwdMaxFailure", "0"));
        return base.toLDIFString() + "\n" + controlPlane.toLDIFString() + "\n" + policies.toLDIFString() + "\n"
                + people.toLDIFString();
    }

    /** Writes {@value #TEMPLATE} and {@code seed.ldif} (owner-readable only: it holds a password hash). */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(TEMPLATE), renderConfig(), StandardCharsets.UTF_8);
        Path seed = directory.resolve("seed.ldif");
        Files.deleteIfExists(seed);
        Files.createFile(seed, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(seed, renderSeed(), StandardCharsets.UTF_8);
    }

    /**
     * Renders both files into the directory given as the only argument, for production tooling (an init container,
     * a runbook). Values come from the environment so that the hash stays out of the process list:
     * {@code ESSAIM_LDAP_BASE_DN} and {@code ESSAIM_LDAP_CONTROL_PLANE_PASSWORD_HASH} are required;
     * {@code ESSAIM_LDAP_CONTROL_PLANE_DN}, {@code ESSAIM_LDAP_OPERATOR_DN}, {@code ESSAIM_LDAP_MODULE_DIR},
     * {@code ESSAIM_LDAP_SCHEMA_DIR}, {@code ESSAIM_LDAP_DATA_DIR}, {@code ESSAIM_LDAP_RUN_DIR} and
     * {@code ESSAIM_LDAP_ARGON2_PARAMETERS} override the Debian defaults.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: OpenLdapConfig <output directory>   (values from ESSAIM_LDAP_* variables)");
            System.exit(2);
        }
        OpenLdapConfig config =
                debian(required("ESSAIM_LDAP_BASE_DN"), required("ESSAIM_LDAP_CONTROL_PLANE_PASSWORD_HASH"));
        config = overridden(config, "ESSAIM_LDAP_CONTROL_PLANE_DN", OpenLdapConfig::withControlPlaneDn);
        config = overridden(config, "ESSAIM_LDAP_OPERATOR_DN", OpenLdapConfig::withOperatorDn);
        config = overridden(config, "ESSAIM_LDAP_MODULE_DIR", (c, v) -> c.withModuleDirectory(Path.of(v)));
        config = overridden(config, "ESSAIM_LDAP_SCHEMA_DIR", (c, v) -> c.withSchemaDirectory(Path.of(v)));
        config = overridden(config, "ESSAIM_LDAP_DATA_DIR", (c, v) -> c.withDataDirectory(Path.of(v)));
        config = overridden(config, "ESSAIM_LDAP_RUN_DIR", (c, v) -> c.withRunDirectory(Path.of(v)));
        config = overridden(config, "ESSAIM_LDAP_ARGON2_PARAMETERS", OpenLdapConfig::withArgon2Parameters);
        Path output = Path.of(args[0]);
        config.writeTo(output);
        System.out.println("Wrote " + output.resolve(TEMPLATE) + " and " + output.resolve("seed.ldif"));
    }

    private static OpenLdapConfig overridden(
            OpenLdapConfig config, String variable, BiFunction<OpenLdapConfig, String, OpenLdapConfig> override) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? config : override.apply(config, value);
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            System.err.println(variable + " is not set");
            System.exit(2);
        }
        return value;
    }

    private static String template() {
        try (InputStream in = OpenLdapConfig.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(
                        TEMPLATE + " is missing from the classpath beside " + OpenLdapConfig.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String normalisedBase(String baseDn) {
        DN dn = parse(baseDn, "base DN");
        StringBuilder normalised = new StringBuilder();
        for (RDN rdn : dn.getRDNs()) {
            String component = rdn.toNormalizedString();
            if (!BASE_RDN.matcher(component).matches()) {
                throw new IllegalArgumentException("The base DN must be made of dc=, o= or ou= parts holding only "
                        + "letters, digits and hyphens (such as dc=essaim,dc=org), got " + baseDn);
            }
            normalised.append(normalised.isEmpty() ? "" : ",").append(component);
        }
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("The base DN must not be empty");
        }
        return normalised.toString();
    }

    private static String normalisedControlPlane(String controlPlaneDn, String normalisedBase) {
        DN dn = parse(controlPlaneDn, "control plane DN");
        DN parent = dn.getParent();
        // Directly below the base: the seed creates it there, and ACLs grant it exactly what it needs.
        if (parent == null
                || !parent.toNormalizedString().equals(normalisedBase)
                || !CONTROL_PLANE_RDN.matcher(dn.getRDN().toNormalizedString()).matches()) {
            throw new IllegalArgumentException("The control plane's account must be cn=<name> directly below "
                    + normalisedBase + " (name in letters, digits, hyphens), got " + controlPlaneDn);
        }
        return dn.getRDN().toNormalizedString() + "," + normalisedBase;
    }

    private static DN parse(String dn, String what) {
        if (dn == null || dn.isBlank()) {
            throw new IllegalArgumentException("The " + what + " is missing");
        }
        try {
            return new DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Not a valid " + what + ": " + dn, e);
        }
    }

    private static void requireUsablePath(Path path, String what) {
        if (path == null || !path.isAbsolute() || !path.toString().matches("[^\\s\\p{Cntrl}]+")) {
            throw new IllegalArgumentException("The " + what + " must be an absolute path without spaces, got " + path);
        }
    }

    @Override
    public String toString() {
        // The hash is not a password, yet it is what an attacker would brute-force: keep it out of logs.
        return "OpenLdapConfig[baseDn=" + baseDn + ", controlPlaneDn=" + controlPlaneDn + ", operatorDn=" + operatorDn
                + ", moduleDirectory=" + moduleDirectory + ", schemaDirectory=" + schemaDirectory + ", dataDirectory="
                + dataDirectory + ", runDirectory=" + runDirectory + ", argon2Parameters=" + argon2Parameters + "]";
    }
}
