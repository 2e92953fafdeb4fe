package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs configure-workspace.sh, unchanged, with the environment its Job gives it, against a stand-in for
 * {@code php occ} that records the commands (the real Nextcloud runs are in the notes; this checks the script's own
 * logic: what it does when an app is missing or a step fails, and the one result line the provisioner reads).
 */
class WorkspaceScriptTest {

    /** Stands in for php: "php /var/www/html/occ --no-interaction <command>" is logged; "php -r" (waits) succeeds. */
    private static final String STUB = """
            #!/bin/sh
            if [ "$1" = "-r" ]; then exit 0; fi
            shift
            [ "$1" = "--no-interaction" ] && shift
            echo "$*" >> "$STUB_LOG"
            case "$*" in
                "status --output=json") echo "$STUB_STATUS"; exit 0 ;;
            esac
            for missing in $STUB_MISSING; do
                [ "$*" = "app:getpath $missing" ] && exit 1
            done
            if [ -n "$STUB_FAIL" ]; then
                case "$*" in "$STUB_FAIL"*) exit 1 ;; esac
            fi
            exit 0
            """;

    @TempDir
    Path dir;

    record Run(int status, List<String> output, String result, List<String> commands) {}

    /**
     * What {@code occ status --output=json} of Nextcloud 32.0.1 printed, word for word, once installed (the first) and
     * once an app in the image was newer than the one installed (the second).
     */
    private static final String INSTALLED = "{\"installed\":true,\"version\":\"32.0.1.2\",\"versionstring\":\"32.0.1\","
            + "\"edition\":\"\",\"maintenance\":false,\"needsDbUpgrade\":false,\"productname\":\"Nextcloud\","
            + "\"extendedSupport\":false}";

    private static final String NEEDS_UPGRADE =
            INSTALLED.replace("\"needsDbUpgrade\":false", "\"needsDbUpgrade\":true");

    private Run run(SpaceSpec spec, String missing, String fail) throws IOException, InterruptedException {
        return run(spec, missing, fail, INSTALLED);
    }

    private Run run(SpaceSpec spec, String missing, String fail, String occStatus)
            throws IOException, InterruptedException {
        // A test may run the script more than once: each run records its own commands and result.
        Files.deleteIfExists(dir.resolve("occ.log"));
        Files.deleteIfExists(dir.resolve("termination-log"));
        Job job =
                Objects.named(Workspace.render(spec, Platforms.example()).objects(), Job.class, "nextcloud-configure");
        Container configure =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path php = bin.resolve("php");
        Files.writeString(php, STUB);
        Files.setPosixFilePermissions(php, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("configure-workspace.sh");
        Files.writeString(script, Templates.text("workspace/configure-workspace.sh"));
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        for (EnvVar variable : configure.getEnv()) {
            // Secrets come from the space's Secrets in the cluster; any non-empty value will do here.
            env.put(
                    variable.getName(),
                    variable.getValue() != null ? variable.getValue() : "secret-" + variable.getName());
        }
        Path termination = dir.resolve("termination-log");
        env.put("TERMINATION_LOG", termination.toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("STUB_LOG", dir.resolve("occ.log").toString());
        env.put("STUB_MISSING", missing);
        env.put("STUB_FAIL", fail);
        env.put("STUB_STATUS", occStatus);
        Process process = builder.start();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        int status = process.waitFor();
        return new Run(
                status,
                output,
                Files.exists(termination) ? Files.readString(termination) : null,
                Files.readAllLines(dir.resolve("occ.log")));
    }

    @Test
    void everythingConfiguredEndsWithOk() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A"), "", "");
        assertThat(run.status()).as(String.join("\n", run.output())).isZero();
        assertThat(run.result()).isEqualTo("OK\n");
        assertThat(run.commands())
                .contains("config:system:set overwrite.cli.url --value=https://asso." + Platforms.DOMAIN)
                .contains("ldap:set-config s01 ldapTLS 0")
                .contains("group:list --output=json")
                .contains("ldap:promote-group admins --yes")
                .contains("config:app:set files default_quota --value=40 GB")
                .contains("config:system:set mail_smtphost --value=essaim-smtp-relay.essaim.svc.cluster.local")
                .contains("config:system:set mail_from_address --value=noreply")
                .contains("config:system:set mail_domain --value=" + Platforms.DOMAIN)
                .contains("app:enable deck", "app:enable spreed", "app:enable richdocuments")
                .contains("config:app:set richdocuments wopi_url --value=http://office.essaim.svc.cluster.local:9980")
                .contains("richdocuments:activate-config")
                .contains("config:app:set richdocuments public_wopi_url --value=https://office." + Platforms.DOMAIN);
        // public_wopi_url after activate-config, which guesses it from the discovery.
        assertThat(run.commands().indexOf("richdocuments:activate-config"))
                .isLessThan(run.commands()
                        .indexOf("config:app:set richdocuments public_wopi_url --value=https://office."
                                + Platforms.DOMAIN));
    }

    @Test
    void singleSignOnSignsInTheDirectorysAccountsThroughTheSpacesClient() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A"), "", "");
        assertThat(run.result()).isEqualTo("OK\n");
        String issuer = Platforms.example().singleSignOn().issuer().toString();
        assertThat(run.commands())
                .contains("app:enable user_oidc")
                .contains("config:system:set user_oidc auto_provision --value=false --type=boolean")
                .contains("config:system:set user_oidc use_pkce --value=true --type=boolean")
                .contains("config:app:set user_oidc allow_multiple_user_backends --value=1 --lazy")
                .contains("user_oidc:provider essaim --clientid=space-asso-workspace "
                        + "--clientsecret-env=SSO_CLIENT_SECRET --discoveryuri=" + issuer
                        + "/.well-known/openid-configuration --scope=openid email profile --unique-uid=0 "
                        + "--mapping-uid=preferred_username --mapping-display-name=name --mapping-email=email "
                        + "--check-bearer=0 --bearer-provisioning=0 --group-provisioning=0 --send-id-token-hint=1 "
                        + "--postlogouturi=https://asso." + Platforms.DOMAIN + "/");
        // The secret never reaches a command line.
        assertThat(run.commands()).noneMatch(c -> c.contains("secret-SSO_CLIENT_SECRET"));
        // The directory is configured first: user_oidc finds the person in it.
        assertThat(run.commands().indexOf("ldap:set-config s01 ldapConfigurationActive 1"))
                .isLessThan(run.commands().indexOf("app:enable user_oidc"));
    }

    @Test
    void withoutUserOidcInTheImageTheDirectorySignInStaysAndItIsReported() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A"), "user_oidc", "");
        assertThat(run.status()).isZero();
        assertThat(run.result()).isEqualTo("INCOMPLETE missing-apps=user_oidc\n");
        assertThat(run.commands()).noneMatch(c -> c.startsWith("user_oidc:"));
    }

    @Test
    void aMissingAppIsReportedAndEverythingElseStillConfigured() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A"), "deck collectives", "");
        assertThat(run.status()).isZero();
        assertThat(run.result()).isEqualTo("INCOMPLETE missing-apps=deck,collectives\n");
        assertThat(run.output()).last().isEqualTo("INCOMPLETE missing-apps=deck,collectives");
        assertThat(run.commands())
                .doesNotContain("app:enable deck", "app:enable collectives")
                .contains("app:enable spreed", "richdocuments:activate-config");
    }

    @Test
    void aMissingOfficeConnectorIsReportedAndItsSettingsSkipped() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE), "onlyoffice", "");
        assertThat(run.status()).isZero();
        assertThat(run.result()).isEqualTo("INCOMPLETE missing-apps=onlyoffice\n");
        assertThat(run.commands())
                .noneMatch(c -> c.startsWith("config:app:set onlyoffice"))
                .contains("app:enable calendar");
    }

    @Test
    void onlyofficeGetsBothAddressesItsStorageUrlAndTheToken() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE), "", "");
        assertThat(run.result()).isEqualTo("OK\n");
        assertThat(run.commands())
                .contains("config:app:set onlyoffice DocumentServerUrl --value=https://onlyoffice." + Platforms.DOMAIN
                        + "/")
                .contains("config:app:set onlyoffice DocumentServerInternalUrl "
                        + "--value=http://onlyoffice.essaim.svc.cluster.local:80/")
                .contains("config:app:set onlyoffice StorageUrl --value=https://asso." + Platforms.DOMAIN + "/")
                .contains("config:app:set onlyoffice jwt_secret --value=secret-OFFICE_JWT_SECRET");
    }

    @Test
    void aFailedStepSaysWhichOneAndFailsTheJob() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A"), "", "ldap:set-config s01 ldapAgentPassword");
        assertThat(run.status()).isNotZero();
        assertThat(run.result())
                .isEqualTo(
                        "FAILED The workspace could not be configured: configuring the directory failed (exit status 1).\n");
        assertThat(run.commands()).noneMatch(c -> c.startsWith("app:enable deck"));
    }

    @Test
    void newerAppsInTheImageAreUpgradedBeforeAnythingIsSet() throws Exception {
        Run upgraded = run(SpaceSpec.of("asso", "A"), "", "", NEEDS_UPGRADE);
        assertThat(upgraded.result()).isEqualTo("OK\n");
        assertThat(upgraded.commands()).contains("upgrade");
        assertThat(upgraded.commands().indexOf("upgrade"))
                .isLessThan(upgraded.commands()
                        .indexOf("config:system:set overwrite.cli.url --value=https://asso." + Platforms.DOMAIN));
        assertThat(run(SpaceSpec.of("asso", "A"), "", "").commands()).doesNotContain("upgrade");
    }

    @Test
    void anAdminsGroupNotYetInTheDirectoryDoesNotFailTheJob() throws Exception {
        Run run = run(SpaceSpec.of("asso", "A"), "", "ldap:promote-group");
        assertThat(run.status()).isZero();
        assertThat(run.result()).isEqualTo("OK\n");
    }
}
