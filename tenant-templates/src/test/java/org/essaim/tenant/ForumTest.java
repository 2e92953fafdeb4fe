package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ForumTest {

    private final PlatformSettings platform = Platforms.example();

    private Container configure(SpaceSpec spec) {
        return Objects.named(Forum.render(spec, platform).objects(), Job.class, "phpbb-configure").getSpec()
                .getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void signInIsBoundToTheSpacesSubtreeAndTheBoardSpeaksTheSpacesLanguage() {
        Map<String, String> env = Objects.env(configure(SpaceSpec.of("asso", "Asso").withLanguage("fr")));
        String space = "ou=asso,ou=spaces," + Platforms.BASE_DN;
        assertThat(env).containsEntry("LDAP_PEOPLE_BASE", "ou=people," + space)
                .containsEntry("LDAP_BIND_DN", "cn=service," + space)
                .containsEntry("LDAP_USER_FILTER", "(&(objectClass=inetOrgPerson)(memberOf=cn=members,ou=groups," + space + "))")
                .containsEntry("BOARD_LANGUAGE", "fr")
                .containsEntry("BOARD_NAME", "Asso")
                .containsEntry("BOARD_HOST", "asso-forum." + Platforms.DOMAIN)
                .containsEntry("DB_NAME", "phpbb_asso");
    }

    @Test
    void everyPhpbbCommandCitesItsDocumentationAndReadsOnlyVariablesTheJobSets() {
        DocumentedFile script = DocumentedFile.of("forum/configure-forum.sh");
        List<DocumentedFile.Command> commands = script.commands(Pattern.compile("^(cli|php)\\s"));
        assertThat(commands).hasSizeGreaterThan(10).allSatisfy(c -> assertThat(c.documentation())
                .as("line %d: %s", c.line(), c.text())
                .matches("https://(www\\.phpbb\\.com/support/docs/|area51\\.phpbb\\.com/docs/|github\\.com/phpbb/phpbb/).+"));
        Set<String> keys = new HashSet<>();
        commands.stream().map(DocumentedFile.Command::text).filter(t -> t.startsWith("cli config:set"))
                .forEach(t -> keys.add(t.split("\\s+")[2]));
        String text = String.join("\n", script.lines());
        assertThat(keys).contains("auth_method", "ldap_server", "ldap_base_dn", "ldap_user_filter")
                .allSatisfy(key -> assertThat(text).as(key).containsPattern("#.*\\b" + key + "\\b"));
        assertThat(script.environmentVariables()).isSubsetOf(new HashSet<>(Objects.envNames(
                configure(SpaceSpec.of("asso", "A")))));
    }

    @Test
    void turnedOffItsWorkloadAndJobGoAndItsFilesStay() {
        ComponentObjects off = Forum.render(SpaceSpec.of("asso", "A").withServices(new SpaceSpec.Services(true, false)),
                platform);
        assertThat(off.objects()).isEmpty();
        assertThat(off.absent()).extracting(ObjectRef::kind)
                .containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "Job");
    }
}
