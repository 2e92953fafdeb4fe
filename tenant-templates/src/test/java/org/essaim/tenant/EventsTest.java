package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {

    private final PlatformSettings platform = Platforms.example();

    private Container mobilizon(SpaceSpec spec) {
        return Objects.named(Events.render(spec, platform).objects(), Deployment.class, "mobilizon").getSpec()
                .getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void signInIsBoundToTheSpacesSubtreeAndMembersGroup() {
        Map<String, String> env = Objects.env(mobilizon(SpaceSpec.of("asso", "Asso")));
        String space = "ou=asso,ou=spaces," + Platforms.BASE_DN;
        assertThat(env).containsEntry("ESSAIM_LDAP_PEOPLE_BASE", "ou=people," + space)
                .containsEntry("ESSAIM_LDAP_MEMBERS_GROUP", "cn=members,ou=groups," + space)
                .containsEntry("ESSAIM_LDAP_BIND_DN", "cn=service," + space)
                .containsEntry("MOBILIZON_INSTANCE_HOST", "asso-events." + Platforms.DOMAIN)
                .containsEntry("MOBILIZON_INSTANCE_NAME", "Asso")
                .containsEntry("MOBILIZON_DATABASE_DBNAME", "mobilizon_asso")
                .containsEntry("MOBILIZON_INSTANCE_REGISTRATIONS_OPEN", "false");
    }

    @Test
    void theConfigurationReadsOnlyVariablesThePodSetsAndCitesItsDocumentation() {
        DocumentedFile config = DocumentedFile.of("events/mobilizon.exs");
        Set<String> provided = new HashSet<>(Objects.envNames(mobilizon(SpaceSpec.of("asso", "A"))));
        assertThat(config.environmentVariables()).contains("ESSAIM_LDAP_BIND_PASSWORD").isSubsetOf(provided);
        List<DocumentedFile.Command> statements = config.commands(Pattern.compile("^(config|import_config)\\s"));
        assertThat(statements).hasSize(3).allSatisfy(s -> assertThat(s.documentation()).as(s.text())
                .startsWith("https://docs.mobilizon.org/"));
        String text = String.join("\n", config.lines());
        for (String key : List.of("enabled", "host", "port", "ssl", "tls", "base", "uid", "group",
                "require_bind_for_search", "bind_uid", "bind_password")) {
            assertThat(text).as(key).containsPattern("(?m)^#.*\\b" + key + "\\b").containsPattern("(?m)^\\s+" + key + ":");
        }
    }

    @Test
    void turnedOffItsWorkloadGoesAndItsUploadsStay() {
        ComponentObjects off = Events.render(SpaceSpec.of("asso", "A").withServices(new SpaceSpec.Services(false, true)),
                platform);
        assertThat(off.objects()).isEmpty();
        assertThat(off.absent()).extracting(ObjectRef::kind)
                .containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service");
        assertThat(off.absent()).allSatisfy(ref -> assertThat(ref.namespace()).isEqualTo("space-asso"));
        List<HasMetadata> on = Events.render(SpaceSpec.of("asso", "A"), platform).objects();
        assertThat(on).extracting(HasMetadata::getKind).contains("PersistentVolumeClaim");
    }
}
