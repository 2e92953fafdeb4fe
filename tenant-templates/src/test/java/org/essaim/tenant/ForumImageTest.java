package org.essaim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forum image's recipe (images/forum) holds to app-versions.yaml, the one place its versions and checksums live,
 * and to what the README says the image must provide.
 */
class ForumImageTest {

    private static final Path RECIPE = Path.of("images", "forum");
    private static final Pattern IMAGE =
            Pattern.compile("ghcr\\.io/essaim/phpbb:(\\d+\\.\\d+\\.\\d+)-(\\d+)(@sha256:[0-9a-f]{64})?");

    private static JsonNode forumVersions() throws IOException {
        try (InputStream in = AppCatalogue.class.getResourceAsStream("app-versions.yaml")) {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(in)
                    .path("apps")
                    .path("forum")
                    .path("versions");
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(RECIPE.resolve(file));
    }

    @Test
    void everyForumVersionIsBuiltFromThisRecipeWithExactlyItsArguments() throws IOException {
        Matcher arg = Pattern.compile("(?m)^ARG (\\w+)$").matcher(read("Containerfile"));
        Set<String> args = new LinkedHashSet<>();
        while (arg.find()) {
            args.add(arg.group(1));
        }
        List<String> versions = new ArrayList<>();
        forumVersions().properties().forEach(entry -> {
            String version = entry.getKey();
            versions.add(version);
            JsonNode build = entry.getValue().path("build");
            assertThat(build.path("recipe").asText()).isEqualTo("tenant-templates/images/forum");
            Set<String> given = new LinkedHashSet<>();
            build.path("args").fieldNames().forEachRemaining(given::add);
            assertThat(given).as(version).isEqualTo(args);
            Map<String, String> values = new HashMap<>();
            build.path("args")
                    .properties()
                    .forEach(e -> values.put(e.getKey(), e.getValue().asText()));
            assertThat(values.get("PHPBB_VERSION")).isEqualTo(version);
            assertThat(values.get("PHPBB_URL")).startsWith("https://").endsWith("/phpBB-" + version + ".tar.bz2");
            assertThat(values.get("PHPBB_FR_URL")).startsWith("https://");
            assertThat(values.get("DEBIAN_IMAGE"))
                    .matches("docker\\.io/library/debian:\\d+\\.\\d+-slim(@sha256:[0-9a-f]{64})?");

            String image = entry.getValue().path("image").asText();
            Matcher tag = IMAGE.matcher(image);
            assertThat(tag.matches())
                    .as("%s: %s is ghcr.io/essaim/phpbb:<version>-<build>[@sha256:...]", version, image)
                    .isTrue();
            assertThat(image).doesNotContain("latest");
            assertThat(tag.group(1)).isEqualTo(version);
            for (String checksum : List.of("PHPBB_SHA256", "PHPBB_FR_SHA256")) {
                String value = values.get(checksum);
                if (tag.group(3) != null) {
                    assertThat(value)
                            .as("%s %s: a published image was built from checked downloads", version, checksum)
                            .matches("[0-9a-f]{64}");
                } else {
                    assertThat(value).as("%s %s", version, checksum).matches("[0-9a-f]{64}|pending");
                }
            }
        });
        assertThat(versions).isNotEmpty();
    }

    @Test
    void downloadsAreCheckedBeforeUseAndAnUnpinnedChecksumStopsTheBuild() throws IOException {
        String recipe = read("Containerfile");
        assertThat(recipe)
                .contains(
                        "for sum in \"$PHPBB_SHA256\" \"$PHPBB_FR_SHA256\"; do",
                        "case \"$sum\" in \"\"|pending) echo \"A checksum is not pinned in app-versions.yaml\" >&2; "
                                + "exit 1 ;; esac;",
                        "echo \"$PHPBB_SHA256  /tmp/phpbb.tar.bz2\" | sha256sum -c -",
                        "echo \"$PHPBB_FR_SHA256  /tmp/phpbb-fr.tar.gz\" | sha256sum -c -",
                        "grep -q \"PHPBB_VERSION', '$PHPBB_VERSION'\" /var/www/phpbb/includes/constants.php");
        assertThat(recipe.indexOf("sha256sum -c")).isLessThan(recipe.indexOf("tar -xjf"));
    }

    @Test
    void itProvidesWhatTheReadmeAsks() throws IOException {
        String recipe = read("Containerfile");
        assertThat(recipe)
                .contains("php8.2-pgsql", "php8.2-ldap", "cp -a /tmp/fr/language")
                .containsPattern("(?m)^USER 33:33$")
                .containsPattern("(?m)^EXPOSE 8080$")
                .containsPattern("(?m)^ENV HTTP_PORT=8080$");
        String httpd = read("httpd.conf");
        assertThat(httpd)
                .containsPattern("(?m)^Listen \\$\\{HTTP_PORT}$")
                .containsPattern("(?m)^DocumentRoot /var/www/phpbb$")
                .containsPattern("(?m)^PidFile /tmp/")
                .containsPattern("(?m)^RedirectMatch 404 \"\\^/\\((install\\|)[^\"]*cache\\|store\\|files");
        String layout = read("layout.sh");
        assertThat(layout)
                .contains(
                        "mv \"$root/install\" \"$cli_root/install\"",
                        "cli_root=/usr/local/lib/phpbb-installer",
                        "state=/var/lib/phpbb",
                        "for entry in cache store files config.php images/avatars/upload; do");
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .contains(
                        "/var/www/phpbb",
                        "/var/lib/phpbb",
                        "`config.php`, `cache/`, `store/`, `files/`",
                        "`images/avatars/upload/`",
                        "uid 33",
                        "8080");
        assertThat(String.join(
                        "\n", DocumentedFile.of("forum/configure-forum.sh").lines()))
                .contains("/usr/local/lib/phpbb-installer/install/phpbbcli.php");
    }

    @Test
    void theRunbookSaysHowToBuildAndPublishItByDigest() throws IOException {
        String runbook = Files.readString(Path.of("..", "runbooks", "building-images.md"));
        int forum = runbook.indexOf("## The forum image");
        assertThat(forum).isNotNegative();
        assertThat(runbook.substring(forum))
                .contains(
                        "tenant-templates/images/forum",
                        "PHPBB_SHA256",
                        "@$DIGEST",
                        "skopeo inspect",
                        "app-versions.yaml");
    }
}
