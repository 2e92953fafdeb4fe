package org.essaim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace image's recipe (tenant-templates/images/workspace) against app-versions.yaml, the one place versions
 * live, and against what the configure script enables: every app the script enables that Nextcloud does not ship is
 * one the recipe installs, and the recipe installs nothing else.
 */
class WorkspaceImageTest {

    private static final Path RECIPE = Path.of("images/workspace");
    /** Apps of the offer shipped with the Nextcloud server itself (its apps/ directory). */
    private static final Set<String> SHIPPED_WITH_NEXTCLOUD = Set.of("photos", "circles");
    /** The office connectors the script enables, one per suite. */
    private static final Set<String> OFFICE_CONNECTORS = Set.of("richdocuments", "onlyoffice");

    private static JsonNode versions() throws IOException {
        try (InputStream in = AppCatalogue.class.getResourceAsStream("app-versions.yaml")) {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(in)
                    .path("apps")
                    .path("workspace")
                    .path("versions");
        }
    }

    private static String file(String name) throws IOException {
        return Files.readString(RECIPE.resolve(name));
    }

    @Test
    void everyWorkspaceVersionIsBuiltFromItsOfficialImageWithTheScriptsApps() throws IOException {
        Set<String> expected = new LinkedHashSet<>(Workspace.APPS);
        expected.removeAll(SHIPPED_WITH_NEXTCLOUD);
        expected.addAll(OFFICE_CONNECTORS);
        expected.add(Workspace.SINGLE_SIGN_ON_APP);
        JsonNode versions = versions();
        assertThat(versions.size()).isGreaterThanOrEqualTo(2);
        versions.properties().forEach(entry -> {
            String version = entry.getKey();
            JsonNode release = entry.getValue();
            assertThat(release.path("build").path("from").asText())
                    .isEqualTo("docker.io/library/nextcloud:" + version + "-fpm");
            assertThat(release.path("image").asText())
                    .as(version)
                    .matches("ghcr\\.io/essaim/nextcloud:" + Pattern.quote(version)
                            + "-fpm-\\d+(@sha256:[0-9a-f]{64})?");
            Set<String> apps = new LinkedHashSet<>();
            release.path("build").path("apps").properties().forEach(app -> {
                apps.add(app.getKey());
                JsonNode pin = app.getValue();
                String appVersion = pin.path("version").asText();
                assertThat(appVersion).as(app.getKey()).matches("\\d+\\.\\d+\\.\\d+");
                assertThat(pin.path("url").asText())
                        .as(app.getKey())
                        .startsWith("https://")
                        .contains("v" + appVersion + "/")
                        .endsWith(".tar.gz");
                // A checksum, or "pending": not pinned yet, which install-apps.sh refuses at build time.
                assertThat(pin.path("sha256").asText()).as(app.getKey()).matches("[0-9a-f]{64}|pending");
            });
            assertThat(apps).as(version).isEqualTo(expected);
        });
    }

    @Test
    void theRecipeTakesItsBaseAndAppsAsBuildArgumentsAndRefusesUnpinnedChecksums() throws IOException {
        String containerfile = file("Containerfile");
        assertThat(containerfile)
                .contains("ARG NEXTCLOUD_IMAGE\nFROM ${NEXTCLOUD_IMAGE}")
                .contains("ARG ESSAIM_APPS")
                .contains("install-apps.sh /usr/local/lib/essaim/apps.txt /usr/src/nextcloud/essaim-apps")
                .doesNotContain("latest");
        String install = file("install-apps.sh");
        // The line format the runbook builds from app-versions.yaml: "<id> <version> <sha256> <url>".
        assertThat(install)
                .contains("while read -r app version sha256 url; do")
                .contains("sha256sum -c -")
                .contains("is not pinned");
        assertThat(file("essaim.config.php"))
                .contains("['path' => '/var/www/html/essaim-apps', 'url' => '/essaim-apps', 'writable' => false]")
                .contains("'writable' => true]")
                .contains("'check_data_directory_permissions' => false");
        assertThat(file("essaim-sync-apps"))
                .contains("rsync -rlD --delete /usr/src/nextcloud/essaim-apps/ /var/www/html/essaim-apps/");
        assertThat(file("php-fpm-essaim.conf")).contains("clear_env = no");
        assertThat(Files.readString(Path.of("../runbooks/building-images.md"))).contains("## The workspace image");
    }

    @Test
    void theWorkspacePodCopiesTheImagesAppsOnEveryStart() {
        Deployment deployment = Objects.named(
                Workspace.render(SpaceSpec.of("asso", "A"), Platforms.example()).objects(),
                Deployment.class,
                "nextcloud");
        Container apps =
                deployment.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(apps.getCommand()).containsExactly("/usr/local/bin/essaim-sync-apps");
        assertThat(apps.getImage())
                .isEqualTo(
                        Templates.container(deployment.getSpec().getTemplate().getSpec(), "nextcloud")
                                .getImage());
        assertThat(apps.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/www/html"));
    }

    @Test
    void theScriptChecksEachConnectorIsInTheImageBeforeConfiguringIt() {
        String script = Templates.text("workspace/configure-workspace.sh");
        assertThat(script)
                .contains("if present " + Workspace.SINGLE_SIGN_ON_APP + "; then")
                .contains("missing=\"$missing," + Workspace.SINGLE_SIGN_ON_APP + "\"");
        for (String connector : OFFICE_CONNECTORS) {
            assertThat(script)
                    .contains("if present " + connector + "; then")
                    .contains("missing=\"$missing," + connector + "\"");
        }
        assertThat(Map.of("apps", script))
                .hasEntrySatisfying(
                        "apps",
                        s -> assertThat(s).contains("for app in $APPS; do").contains("if present \"$app\"; then"));
    }

    @TempDir
    Path dir;

    /** Runs install-apps.sh with a stand-in for curl that "downloads" a tarball made here. */
    private Process install(String line) throws IOException, InterruptedException {
        Path app = Files.createDirectories(dir.resolve("src/deck/appinfo"));
        Files.writeString(app.resolve("info.xml"), "<info>\n  <id>deck</id>\n  <version>1.16.1</version>\n</info>\n");
        Path tarball = dir.resolve("deck.tar.gz");
        // Made once: gzip stamps the time, and the checksum below must stay that of this one file.
        if (!Files.exists(tarball)) {
            assertThat(new ProcessBuilder(
                                    "tar",
                                    "-czf",
                                    tarball.toString(),
                                    "-C",
                                    dir.resolve("src").toString(),
                                    "deck")
                            .start()
                            .waitFor())
                    .isZero();
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(
                bin.resolve("curl"),
                "#!/bin/sh\n# -fsSL --proto =https -o <file> <url>\ncp \"" + tarball + "\" \"$5\"\n");
        bin.resolve("curl").toFile().setExecutable(true);
        Path list = dir.resolve("apps.txt");
        Files.writeString(list, line + "\n");
        ProcessBuilder builder = new ProcessBuilder(
                        "sh",
                        RECIPE.resolve("install-apps.sh").toAbsolutePath().toString(),
                        list.toString(),
                        dir.resolve("target").toString())
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        process.waitFor();
        return process;
    }

    private String sha256(Path file) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        return HexFormat.of().formatHex(digest);
    }

    @Test
    void theBuildInstallsOnlyAPinnedCheckedTarballOfThePinnedVersion() throws Exception {
        String url = "https://github.com/nextcloud-releases/deck/releases/download/v1.16.1/deck-v1.16.1.tar.gz";
        Process pending = install("deck 1.16.1 pending " + url);
        assertThat(pending.exitValue()).isNotZero();
        assertThat(new String(pending.getInputStream().readAllBytes())).contains("is not pinned");

        Process mismatch = install("deck 1.16.1 " + "0".repeat(64) + " " + url);
        assertThat(mismatch.exitValue()).isNotZero();
        assertThat(dir.resolve("target/deck")).doesNotExist();

        String sum = sha256(dir.resolve("deck.tar.gz"));
        Process otherVersion = install("deck 1.16.2 " + sum + " " + url);
        assertThat(otherVersion.exitValue()).isNotZero();
        assertThat(new String(otherVersion.getInputStream().readAllBytes()))
                .contains("is version 1.16.1, app-versions.yaml pins 1.16.2");

        Process good = install("deck 1.16.1 " + sum + " " + url);
        assertThat(good.exitValue())
                .as(new String(good.getInputStream().readAllBytes()))
                .isZero();
        assertThat(dir.resolve("target/deck/appinfo/info.xml")).exists();
    }
}
