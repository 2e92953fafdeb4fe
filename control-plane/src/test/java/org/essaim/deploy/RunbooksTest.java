package org.essaim.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbooks point at things that exist: other runbooks, files of the repository, and the control plane's own
 * pages and API paths. A renamed file or endpoint fails here instead of on call.
 */
class RunbooksTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path RUNBOOKS = REPOSITORY.resolve("runbooks");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern REPOSITORY_PATH = Pattern.compile(
            "`((?:control-plane|provisioner|ldap|tenant-templates|admin-ui|runbooks)/[A-Za-z0-9_./-]*)`");
    private static final Pattern HTTP_PATH = Pattern.compile("(/(?:api/v1|staff)(?:/[A-Za-z0-9_.<>{}$-]+)*)");
    /**
     * Text right before a path: Essaim's address ({@code $PUBLIC_URL} in every runbook), or anything a path cannot
     * start after (another service's variable, a word).
     */
    private static final Pattern ESSAIM = Pattern.compile("\\$\\{?PUBLIC_URL}?$");

    private static final Pattern NOT_A_START = Pattern.compile("[A-Za-z0-9_.}$-]$");
    private static final Pattern MAPPING =
            Pattern.compile("@(Request|Get|Post|Put|Patch|Delete)Mapping\\((?:value = |path = )?\"([^\"]*)\"");

    private static Map<Path, String> runbooks() throws IOException {
        Map<Path, String> runbooks = new TreeMap<>();
        try (Stream<Path> files = Files.list(RUNBOOKS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                runbooks.put(file, Files.readString(file));
            }
        }
        return runbooks;
    }

    @Test
    void everyLinkBetweenRunbooksLeadsToAFile() throws IOException {
        runbooks().forEach((file, text) -> {
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (!target.startsWith("http")) {
                    assertThat(file.resolveSibling(target))
                            .as(file.getFileName() + " links to " + target)
                            .exists();
                }
            }
        });
    }

    @Test
    void theIndexListsEveryRunbook() throws IOException {
        String index = Files.readString(RUNBOOKS.resolve("README.md"));
        assertThat(runbooks().keySet()).allSatisfy(file -> {
            if (!file.getFileName().toString().equals("README.md")) {
                assertThat(index)
                        .as("runbooks/README.md lists " + file.getFileName())
                        .contains("](" + file.getFileName() + ")");
            }
        });
    }

    @Test
    void everyRepositoryPathNamedExists() throws IOException {
        List<String> named = new ArrayList<>();
        runbooks().forEach((file, text) -> {
            Matcher path = REPOSITORY_PATH.matcher(text);
            while (path.find()) {
                named.add(path.group(1));
                String target = path.group(1).replaceAll("V<n>__\\*\\.sql$", "").replaceAll("/\\*.*$", "");
                assertThat(REPOSITORY.resolve(target))
                        .as(file.getFileName() + " names " + path.group(1))
                        .exists();
            }
        });
        assertThat(named)
                .as("the runbooks name the chart and the migrations")
                .contains("control-plane/deploy/helm/essaim/values.yaml");
    }

    /** Every /staff... page and /api/v1/... path cited is one a controller maps ({@code <ID>} matches a variable). */
    @Test
    void everyPageAndApiPathCitedIsMapped() throws IOException {
        List<Pattern> mapped = mappedPaths();
        TreeSet<String> cited = new TreeSet<>();
        runbooks().forEach((file, text) -> {
            Matcher path = HTTP_PATH.matcher(text);
            while (path.find()) {
                String before = text.substring(Math.max(0, path.start() - 40), path.start());
                if (!ESSAIM.matcher(before).find()
                        && NOT_A_START.matcher(before).find()) {
                    continue; // another service's API ("$PROMETHEUS/api/v1/query") or inside a longer path
                }
                String candidate = path.group(1).replaceAll("/+$", "");
                cited.add(candidate);
                assertThat(mapped)
                        .as(file.getFileName() + " cites " + candidate)
                        .anySatisfy(
                                p -> assertThat(p.matcher(candidate).matches()).isTrue());
            }
        });
        assertThat(cited).contains("/api/v1/staff/campaigns", "/api/v1/staff/me", "/staff/campaigns", "/staff/audit");
    }

    private static List<Pattern> mappedPaths() throws IOException {
        Pattern classDeclaration = Pattern.compile("(?m)^(?:public |abstract |final )*class ");
        List<Pattern> patterns = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source :
                    sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher declaration = classDeclaration.matcher(code);
                int classStart = declaration.find() ? declaration.start() : 0;
                String prefix = "";
                List<String> paths = new ArrayList<>();
                Matcher mapping = MAPPING.matcher(code);
                while (mapping.find()) {
                    if (mapping.start() < classStart) {
                        prefix = mapping.group(2);
                    } else {
                        paths.add(mapping.group(2));
                    }
                }
                if (!prefix.isEmpty()) {
                    paths.add("");
                }
                for (String path : paths) {
                    patterns.add(pathPattern(prefix + path));
                }
            }
        }
        return patterns;
    }

    private static Pattern pathPattern(String mapped) {
        StringBuilder regex = new StringBuilder();
        for (String segment : mapped.split("/")) {
            if (!segment.isEmpty()) {
                regex.append('/').append(segment.startsWith("{") ? "[^/]+" : Pattern.quote(segment));
            }
        }
        return Pattern.compile(regex.isEmpty() ? "/" : regex.toString());
    }
}
