package org.essaim.member;

import org.essaim.db.DefaultSchema;
import org.essaim.ldap.SpaceMembers;
import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-demand robustness run (control-plane/benchmarks/robustness.sh): the bad input of {@link BadInputEverywhere},
 * every class to every entry point, counted by status; then whether any table or the space's directory subtree
 * changed meanwhile (a partial write: none of these requests may write anything). Prints and keeps the counts.
 */
@EssaimTest
@EnabledIfSystemProperty(named = "essaim.benchmark", matches = "robustness")
class RobustnessRun extends SpaceTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void everyClassOfBadInputToEveryEntryPoint() throws IOException {
        String slug = fixtures.spaceWithAdmin("robust");
        BadInputEverywhere run = new BadInputEverywhere(
                port, slug, Staff.adminPassword(dataDirectory), "camille.referente", SpaceFixtures.PASSWORD);
        List<BadInputEverywhere.Endpoint> endpoints = BadInputEverywhere.endpoints(mappings);
        awaitQuiet(slug);
        Map<String, Integer> before = rows(slug);

        long started = System.nanoTime();
        List<BadInputEverywhere.Answer> answers = run.run(endpoints, answer -> {});
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        Map<String, Integer> after = rows(slug);
        StringBuilder changed = new StringBuilder();
        after.forEach((table, count) -> {
            if (!count.equals(before.get(table))) {
                changed.append("| ")
                        .append(table)
                        .append(" | ")
                        .append(before.get(table))
                        .append(" | ")
                        .append(count)
                        .append(" |\n");
            }
        });
        long fiveHundreds = answers.stream()
                .filter(a -> a.status() >= 500 || a.status() == 0)
                .count();
        String report = "# Robustness run (" + LocalDate.now()
                + ")\n\nCommand: `control-plane/benchmarks/robustness.sh`\n\n"
                + BadInputEverywhere.counts(answers) + "\n5xx or no answer: " + fiveHundreds + "; run took " + seconds
                + " s\n\nRow counts of every table and entries of the space's directory subtree, before and after: "
                + (changed.isEmpty()
                        ? "unchanged (no partial write).\n"
                        : "\n\n| what | before | after |\n| --- | --- | --- |\n" + changed)
                + "\n"
                + answers.stream()
                        .filter(a -> a.status() >= 500 || a.status() == 0)
                        .map(a -> "- " + a + "\n")
                        .reduce("", String::concat);
        System.out.println(report);
        Path results = Path.of(System.getProperty("results", "benchmarks/results"));
        Files.createDirectories(results);
        Files.writeString(results.resolve(LocalDate.now() + "-robustness.md"), report);
    }

    /** Row counts of every table (Quartz's and the sessions' aside: they move on their own), and directory entries. */
    private Map<String, Integer> rows(String slug) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            String name = table.getName();
            if (name.startsWith("qrtz_") || name.startsWith("spring_session") || name.startsWith("flyway")) {
                continue;
            }
            counts.put(name, db.fetchCount(table));
        }
        counts.put("directory: people of " + slug, spaceMembers.list(slug).size());
        counts.put(
                "directory: members of " + slug,
                spaceMembers.members(slug, SpaceMembers.MEMBERS).size());
        return counts;
    }

    /** The new space's provisioning writes on its own for a moment: wait until two snapshots agree. */
    private void awaitQuiet(String slug) {
        Map<String, Integer> last = rows(slug);
        for (int i = 0; i < 30; i++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Map<String, Integer> now = rows(slug);
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
    }
}
