package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ForumTest {

    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private final PlatformSettings platform = Platforms.example();

    private static Job job(SpaceSpec spec, PlatformSettings platform) {
        return Objects.named(Forum.render(spec, platform).objects(), Job.class, "phpbb-configure");
    }

    private static Deployment deployment(SpaceSpec spec, PlatformSettings platform) {
        return Objects.named(Forum.render(spec, platform).objects(), Deployment.class, "phpbb");
    }

    private Container configure(SpaceSpec spec) {
        return job(spec, platform)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static String script() {
        return String.join("\n", DocumentedFile.of("forum/configure-forum.sh").lines());
    }

    @Test
    void signInIsBoundToTheSpacesSubtreeAndTheBoardSpeaksTheSpacesLanguage() {
        Map<String, String> env =
                Objects.env(configure(SpaceSpec.of("asso", "Asso").withLanguage("fr")));
        String space = "ou=asso,ou=spaces," + Platforms.BASE_DN;
        assertThat(env)
                .containsEntry("LDAP_PEOPLE_BASE", "ou=people," + space)
                .containsEntry("LDAP_BIND_DN", "cn=service," + space)
                .containsEntry(
                        "LDAP_USER_FILTER",
                        "(&(objectClass=inetOrgPerson)(memberOf=cn=members,ou=groups," + space + "))")
                .containsEntry("LDAP_MEMBERS_GROUP", "cn=members,ou=groups," + space)
                .containsEntry("LDAP_ADMINS_GROUP", "cn=admins,ou=groups," + space)
                .containsEntry("LDAP_SECURITY", "PLAIN")
                .containsEntry("BOARD_LANGUAGE", "fr")
                .containsEntry("BOARD_NAME", "Asso")
                .containsEntry("BOARD_DESCRIPTION", "Le forum de Asso")
                .containsEntry("BOARD_HOST", "asso-forum." + Platforms.DOMAIN)
                .containsEntry("DB_NAME", "phpbb_asso");
        assertThat(Objects.env(configure(SpaceSpec.of("asso", "Asso").withLanguage("en"))))
                .containsEntry("BOARD_DESCRIPTION", "The forum of Asso");
    }

    @Test
    void theInstallerGetsADescriptionRunsFromOutsideTheWebRootAndInstallsNoExtension() {
        String text = script();
        Matcher description = Pattern.compile("(?m)^\\s+description:\\s*(.*)$").matcher(text);
        assertThat(description.find()).isTrue();
        assertThat(description.group(1).replace("\"", "").strip())
                .as("phpBB's installer refuses an empty installer.board.description")
                .isNotEmpty();
        assertThat(text)
                .contains("extensions: []")
                .containsPattern("(?m)^\\s*php /usr/local/lib/phpbb-installer/install/phpbbcli\\.php install ")
                .doesNotContain("/var/www/phpbb/install")
                .containsPattern("(?m)^cli config:set site_desc \"\\$BOARD_DESCRIPTION\"$");
    }

    @Test
    void rememberMeIsOffAndSessionsAreShortSoThatADisabledPersonLosesAccess() {
        String text = script();
        assertThat(text)
                .containsPattern("(?m)^cli config:set allow_autologin 0$")
                .containsPattern("(?m)^cli config:set session_length 3600$")
                .containsPattern("(?m)^php /essaim/sync-forum-directory\\.php$");
        String sync = String.join(
                "\n", DocumentedFile.of("forum/sync-forum-directory.php").lines());
        assertThat(sync)
                .contains(
                        "pwdAccountLockedTime",
                        "user_active_flip('deactivate'",
                        "SESSIONS_TABLE",
                        "SESSIONS_KEYS_TABLE",
                        "group_user_add($groups['ADMINISTRATORS']",
                        "group_user_del($groups['ADMINISTRATORS']",
                        "USER_FOUNDER");
    }

    @Test
    void theDirectorySyncRunsInTheForumPodWithTheGroupsItReads() {
        SpaceSpec spec = SpaceSpec.of("asso", "Asso");
        PodSpec pod = deployment(spec, platform).getSpec().getTemplate().getSpec();
        Container sync = Templates.container(pod, "directory-sync");
        assertThat(sync.getImage()).isEqualTo(Templates.container(pod, "phpbb").getImage());
        assertThat(String.join(" ", sync.getCommand())).contains("php /essaim/sync-forum-directory.php", "sleep");
        String space = "ou=asso,ou=spaces," + Platforms.BASE_DN;
        assertThat(Objects.env(sync))
                .containsEntry("LDAP_MEMBERS_GROUP", "cn=members,ou=groups," + space)
                .containsEntry("LDAP_ADMINS_GROUP", "cn=admins,ou=groups," + space);
        ConfigMap scripts = Objects.named(Forum.render(spec, platform).objects(), ConfigMap.class, "phpbb-configure");
        assertThat(scripts.getData()).containsKeys("configure-forum.sh", Forum.SYNC_SCRIPT);
        Matcher getenv = Pattern.compile("getenv\\('([A-Z_]+)'\\)")
                .matcher(scripts.getData().get(Forum.SYNC_SCRIPT));
        Set<String> read = new HashSet<>();
        while (getenv.find()) {
            read.add(getenv.group(1));
        }
        assertThat(read).isNotEmpty().isSubsetOf(Objects.envNames(sync)).isSubsetOf(Objects.envNames(configure(spec)));
    }

    @Test
    void everyPhpbbCommandCitesItsDocumentationAndReadsOnlyVariablesTheJobSets() {
        DocumentedFile script = DocumentedFile.of("forum/configure-forum.sh");
        List<DocumentedFile.Command> commands = script.commands(Pattern.compile("^(cli|php)\\s"));
        assertThat(commands)
                .hasSizeGreaterThan(20)
                .allSatisfy(c -> assertThat(c.documentation())
                        .as("line %d: %s", c.line(), c.text())
                        .matches("https://(www\\.phpbb\\.com/support/docs/|area51\\.phpbb\\.com/docs/"
                                + "|github\\.com/phpbb/phpbb/).+"));
        Set<String> keys = new HashSet<>();
        commands.stream()
                .map(DocumentedFile.Command::text)
                .filter(t -> t.startsWith("cli config:set"))
                .forEach(t -> keys.add(t.split("\\s+")[2]));
        String text = String.join("\n", script.lines());
        assertThat(keys)
                .contains(
                        "auth_method",
                        "ldap_server",
                        "ldap_base_dn",
                        "ldap_user_filter",
                        "allow_autologin",
                        "smtp_host",
                        "smtp_port",
                        "smtp_delivery",
                        "board_email",
                        "email_enable",
                        "site_desc")
                .allSatisfy(key -> assertThat(text).as(key).containsPattern("#.*\\b" + key + "\\b"));
        assertThat(script.environmentVariables())
                .isSubsetOf(new HashSet<>(Objects.envNames(configure(SpaceSpec.of("asso", "A")))));
    }

    @Test
    void theJobReportsOkOrFailedThroughItsTerminationMessage() {
        Container container = configure(SpaceSpec.of("asso", "A"));
        assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        List<String> lines = DocumentedFile.of("forum/configure-forum.sh").lines().stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        assertThat(lines.getLast()).isEqualTo("echo \"OK\" > /dev/termination-log");
        assertThat(script())
                .contains("trap report EXIT")
                .containsPattern("echo \"FAILED [^\"]*\\$step[^\"]*\" > /dev/termination-log");
    }

    @Test
    void mailGoesThroughThePlatformsRelayFromPodsAllowedToReachIt() {
        PlatformSettings tls = platform.withMail(new PlatformSettings.MailRelay(
                "relay.example",
                465,
                PlatformSettings.MailSecurity.TLS,
                "forum@essaim.example",
                platform.mail().peer()));
        Job job = job(SpaceSpec.of("asso", "A"), tls);
        assertThat(Objects.env(
                        job.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("MAIL_HOST", "relay.example")
                .containsEntry("MAIL_PORT", "465")
                .containsEntry("MAIL_SECURITY", "TLS")
                .containsEntry("MAIL_FROM", "forum@essaim.example");
        for (PodTemplateSpec template : List.of(
                job.getSpec().getTemplate(),
                deployment(SpaceSpec.of("asso", "A"), tls).getSpec().getTemplate())) {
            assertThat(template.getMetadata().getLabels()).containsEntry(SpaceLabels.SENDS_MAIL, "true");
        }
        assertThat(script()).contains("smtp_host=\"ssl://$MAIL_HOST\"");
    }

    @Test
    void withLdapsTheDirectorysCaIsMountedAndGivenToLibldapInEveryContainerThatBinds() {
        PlatformSettings ldaps =
                platform.withDirectory(platform.directory().withSecurity(PlatformSettings.DirectorySecurity.LDAPS, CA));
        SpaceSpec spec = SpaceSpec.of("asso", "A");
        PodSpec jobPod = job(spec, ldaps).getSpec().getTemplate().getSpec();
        PodSpec pod = deployment(spec, ldaps).getSpec().getTemplate().getSpec();
        for (Container container : List.of(
                jobPod.getContainers().get(0),
                Templates.container(pod, "phpbb"),
                Templates.container(pod, "directory-sync"))) {
            assertThat(Objects.env(container))
                    .as(container.getName())
                    .containsEntry(Forum.LDAP_CA_VARIABLE, DirectoryCa.FILE);
            assertThat(container.getVolumeMounts())
                    .as(container.getName())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(DirectoryCa.MOUNT_PATH));
        }
        assertThat(Objects.env(jobPod.getContainers().get(0))).containsEntry("LDAP_SECURITY", "LDAPS");
        assertThat(script()).contains("LDAPS) ldap_server=\"ldaps://$LDAP_HOST:$LDAP_PORT\"");
        assertThat(Objects.envNames(configure(spec))).doesNotContain(Forum.LDAP_CA_VARIABLE);
    }

    @Test
    void startTlsWhichPhpbbCannotSpeakFailsTheJobWithTheReason() {
        assertThat(script())
                .containsPattern("(?s)case \"\\$LDAP_SECURITY\" in.*\\*\\)\\s*\\n"
                        + "\\s*# phpBB's LDAP provider[^\\n]*never sends StartTLS\\.\\s*\\n"
                        + "\\s*step=\"[^\"]*phpBB cannot use StartTLS[^\"]*\"\\s*\\n\\s*exit 64");
    }

    @Test
    void turnedOffItsWorkloadAndJobGoAndItsFilesStay() {
        ComponentObjects off =
                Forum.render(SpaceSpec.of("asso", "A").withServices(new SpaceSpec.Services(true, false)), platform);
        assertThat(off.objects()).isEmpty();
        assertThat(off.absent())
                .extracting(ObjectRef::kind)
                .containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "Job");
    }
}
