package org.essaim.architecture;

import org.essaim.db.Tables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table belongs to its feature: its generated jOOQ classes ({@code Tables.X}, {@code tables.X},
 * {@code tables.records.XRecord}) appear only in its owning package and that package's subpackages. Other packages
 * call the owner's service. What still reaches across is written down in {@link #EXCEPTIONS}, each with its reason;
 * an exception no longer needed fails the test too, so the list only shrinks.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "essaim");

    /** Every table and the package (under org.essaim) that owns it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("APPLICATION", "application"),
            Map.entry("APPLICATION_FLAG", "application"),
            Map.entry("AUDIT_EVENT", "audit"),
            Map.entry("CAMPAIGN", "campaign"),
            Map.entry("CAMPAIGN_SUBSCRIBER", "campaign"),
            Map.entry("JOIN_LINK", "member"),
            Map.entry("MAIL_OUTBOX", "mail"),
            Map.entry("MEMBER_IMPORT_ROW", "member.csv"),
            Map.entry("MEMBER_IMPORT_RUN", "member.csv"),
            Map.entry("MEMBER_INVITATION", "member"),
            Map.entry("MEMBER_PASSWORD_LINK", "member.password"),
            Map.entry("OAUTH2_AUTHORIZATION", "signon"),
            Map.entry("OAUTH2_AUTHORIZATION_CONSENT", "signon"),
            Map.entry("PLATFORM_APP_VERSIONS", "upgrade"),
            Map.entry("RATE_LIMIT_WINDOW", "web"),
            Map.entry("REVIEW_NOTE", "review"),
            Map.entry("SPACE", "space"),
            Map.entry("SIGN_ON_SIGNING_KEY", "signon"),
            Map.entry("SIGN_ON_LOGOUT_DELIVERY", "signon"),
            Map.entry("SPACE_USAGE", "usage"),
            Map.entry("TWO_STEP_RECOVERY_CODE", "security"),
            Map.entry("TWO_STEP_SECRET", "security"),
            Map.entry("TWO_STEP_SPACE_RULE", "security"),
            Map.entry("SPACE_USAGE_DAY", "usage"),
            Map.entry("UPGRADE_ROLLOUT", "upgrade"),
            Map.entry("UPGRADE_WAVE", "upgrade"),
            Map.entry("UPGRADE_WAVE_SPACE", "upgrade"));

    /**
     * Source files (under org/essaim) that use another feature's table, and which. The member and usage features read
     * spaces through the space package ({@code LiveSpaces}, {@code SpaceFacts}, {@code SpaceQuotas}, issue 14 item 3).
     */
    private static final Map<String, Set<String>> EXCEPTIONS = Map.of(
            // The staff pages' templates call @backupFreshness.of(space) with the space row the space package's
            // staff pages put in the model (staff/space.html, staff/spaces.html read some fifteen of its columns).
            // It goes when those pages are given a read model of their own instead of the row.
            "backup/BackupFreshness.java", Set.of("SPACE"));

    private static final Pattern USE = Pattern.compile(
            "org\\.essaim\\.db\\.Tables\\.(\\*|[A-Z_][A-Z0-9_]*)|\\bTables\\.([A-Z_][A-Z0-9_]*)\\b"
                    + "|org\\.essaim\\.db\\.tables\\.records\\.([A-Za-z]+)Record|org\\.essaim\\.db\\.tables\\.([A-Z][A-Za-z]+)\\b");

    @Test
    void everyTableHasAnOwner() {
        Set<String> tables = new TreeSet<>();
        for (Field field : Tables.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                tables.add(field.getName());
            }
        }
        assertThat(tables).as("tables generated from the migrations").isNotEmpty();
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tables);
    }

    @Test
    void aTablesClassesAppearOnlyInItsOwningPackage() throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = SOURCES.relativize(file).toString().replace('\\', '/');
                String pkg = relative.contains("/")
                        ? relative.substring(0, relative.lastIndexOf('/')).replace('/', '.') : "";
                Matcher use = USE.matcher(Files.readString(file));
                while (use.find()) {
                    String table = table(use);
                    String owner = OWNERS.get(table);
                    if (owner == null || !(pkg.equals(owner) || pkg.startsWith(owner + "."))) {
                        found.computeIfAbsent(relative, k -> new TreeSet<>()).add(table);
                    }
                }
            }
        }
        assertThat(found).as("tables used outside their owning package (%s)", SOURCES)
                .isNotEmpty() // the scan reads the sources: today's exceptions are found
                .isEqualTo(new TreeMap<>(EXCEPTIONS));
    }

    @Test
    void theScanSeesEveryWayOfNamingATable() {
        for (String use : new String[] {"import static org.essaim.db.Tables.CAMPAIGN;", "db.selectFrom(Tables.CAMPAIGN)",
                "import org.essaim.db.tables.records.CampaignRecord;", "org.essaim.db.tables.Campaign c"}) {
            Matcher matcher = USE.matcher(use);
            assertThat(matcher.find()).as(use).isTrue();
            assertThat(table(matcher)).as(use).isEqualTo("CAMPAIGN");
        }
        Matcher wildcard = USE.matcher("import static org.essaim.db.Tables.*;");
        assertThat(wildcard.find()).isTrue();
        assertThat(OWNERS).doesNotContainKey(table(wildcard));
    }

    /** The table a match names, as Tables spells it (UPPER_SNAKE); a wildcard import names no table. */
    private static String table(Matcher use) {
        for (int group = 1; group <= 2; group++) {
            if (use.group(group) != null) {
                return use.group(group).equals("*") ? "* (wildcard import)" : use.group(group);
            }
        }
        String camel = use.group(3) != null ? use.group(3) : use.group(4);
        return Arrays.stream(camel.split("(?<=[a-z0-9])(?=[A-Z])")).map(w -> w.toUpperCase(Locale.ROOT))
                .reduce((a, b) -> a + "_" + b).orElseThrow();
    }
}
