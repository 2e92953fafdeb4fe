package org.essaim.space.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A space's short name: the Space resource's name, its namespace ({@code space-<slug>}), its hosts
 * ({@code <slug>.<domain>}, {@code <slug>-events.<domain>}, {@code <slug>-forum.<domain>}), its directory subtree and
 * its databases are all derived from it, so the rules below are what keeps two spaces from ever colliding.
 *
 * <ul>
 *   <li>lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen: valid in a
 *   DNS label, a namespace name, an LDAP RDN and (hyphens turned into underscores) a PostgreSQL identifier;</li>
 *   <li>3 to {@value #MAX_LENGTH} characters: {@code mobilizon_<slug>} stays within PostgreSQL's 63-byte identifiers
 *   and {@code <slug>-events} within a 63-character DNS label (30 is what the application form always promised);</li>
 *   <li>not one of {@link #RESERVED}: the platform's own hosts and words that would mislead;</li>
 *   <li>never ending with {@code -events} or {@code -forum}: otherwise space {@code a}'s events host
 *   {@code a-events.<domain>} would be space {@code a-events}' workspace host.</li>
 * </ul>
 * The CRD (provisioner/deploy/space-crd.yaml and the chart's copy) carries the same rules, the control plane's form,
 * REST API and review defer to them, and a test ({@code SpaceSlugCrdTest}) checks a corpus against all of them.
 */
public final class SpaceSlug {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 30;
    /** The pattern as written in the CRD's OpenAPI schema. */
    public static final String PATTERN = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";
    /** Suffixes the other hosts of a space use; a slug ending with one would take another space's host. */
    public static final List<String> RESERVED_SUFFIXES = List.of("-events", "-forum");

    /** Names of the platform's own hosts, mail and DNS conventions, and words that would mislead. */
    public static final Set<String> RESERVED = Set.of(
            "about",
            "abuse",
            "account",
            "accounts",
            "admin",
            "administrator",
            "agenda",
            "aide",
            "api",
            "app",
            "apply",
            "apps",
            "assets",
            "auth",
            "autoconfig",
            "autodiscover",
            "beta",
            "blog",
            "calendar",
            "cdn",
            "charte",
            "charter",
            "chat",
            "ci",
            "cloud",
            "collabora",
            "compte",
            "comptes",
            "console",
            "contact",
            "dashboard",
            "demo",
            "dev",
            "discourse",
            "dns",
            "doc",
            "docs",
            "email",
            "espace",
            "espaces",
            "essaim",
            "event",
            "events",
            "files",
            "forum",
            "forums",
            "ftp",
            "git",
            "gitlab",
            "grafana",
            "help",
            "hostmaster",
            "imap",
            "jitsi",
            "k8s",
            "kubernetes",
            "ldap",
            "legal",
            "localhost",
            "login",
            "logout",
            "mail",
            "matrix",
            "media",
            "meet",
            "metrics",
            "mobilizon",
            "monitoring",
            "mx",
            "news",
            "nextcloud",
            "no-reply",
            "noreply",
            "ns",
            "ns1",
            "ns2",
            "oauth",
            "office",
            "onlyoffice",
            "panel",
            "pop",
            "pop3",
            "portal",
            "postmaster",
            "preprod",
            "privacy",
            "prod",
            "prometheus",
            "register",
            "root",
            "security",
            "sftp",
            "signup",
            "smtp",
            "space",
            "spaces",
            "ssh",
            "sso",
            "staff",
            "stage",
            "staging",
            "static",
            "status",
            "support",
            "talk",
            "test",
            "visio",
            "vpn",
            "webmail",
            "webmaster",
            "wiki",
            "www");

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private SpaceSlug() {}

    /** What is wrong with this slug, in words a person can act on; empty when it is valid. */
    public static List<String> problems(String slug) {
        List<String> problems = new ArrayList<>();
        if (slug == null || slug.isEmpty()) {
            problems.add("the slug is missing");
            return problems;
        }
        if (slug.length() < MIN_LENGTH || slug.length() > MAX_LENGTH) {
            problems.add(
                    "the slug must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long, not " + slug.length());
        }
        if (!COMPILED.matcher(slug).matches()) {
            problems.add("the slug may only hold lowercase letters, digits and single hyphens, start with a letter "
                    + "and not end with a hyphen");
        }
        if (RESERVED.contains(slug)) {
            problems.add("the slug \"" + slug + "\" is reserved for the platform");
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (slug.endsWith(suffix)) {
                problems.add("the slug may not end with " + suffix + ", which another space's address would use");
            }
        }
        return problems;
    }

    public static boolean isValid(String slug) {
        return problems(slug).isEmpty();
    }

    /** Throws {@link IllegalArgumentException} with every problem when the slug is not valid. */
    public static String require(String slug) {
        List<String> problems = problems(slug);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid slug \"" + slug + "\": " + String.join("; ", problems));
        }
        return slug;
    }

    public static String namespace(String slug) {
        return "space-" + slug;
    }

    /** A PostgreSQL identifier ({@code <prefix>_<slug>}, hyphens as underscores): database and role names. */
    public static String sqlIdentifier(String prefix, String slug) {
        return (prefix + "_" + slug.replace('-', '_')).toLowerCase(Locale.ROOT);
    }
}
