package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryCaTest {

    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private final PlatformSettings plain = Platforms.example();
    private final PlatformSettings withCa =
            plain.withDirectory(plain.directory().withSecurity(PlatformSettings.DirectorySecurity.LDAPS, PEM));

    @Test
    void theCaCertificateIsAConfigMapInTheSpaceNamespaceOnlyWhenThePlatformHasOne() {
        assertThat(TenantTemplates.render(SpaceSpec.of("asso", "A"), plain)
                        .component(Component.NAMESPACE_AND_QUOTAS)
                        .objects())
                .noneMatch(ConfigMap.class::isInstance);
        ConfigMap ca =
                TenantTemplates.render(SpaceSpec.of("asso", "A"), withCa)
                        .component(Component.NAMESPACE_AND_QUOTAS)
                        .objects()
                        .stream()
                        .filter(ConfigMap.class::isInstance)
                        .map(ConfigMap.class::cast)
                        .findFirst()
                        .orElseThrow();
        assertThat(ca.getMetadata().getName()).isEqualTo(DirectoryCa.CONFIG_MAP);
        assertThat(ca.getMetadata().getNamespace()).isEqualTo("space-asso");
        assertThat(ca.getData()).containsExactly(Map.entry(DirectoryCa.KEY, PEM));
    }

    @Test
    void mountingGivesTheNamedContainersTheFileReadOnly() {
        Container app = new ContainerBuilder().withName("app").build();
        Container other = new ContainerBuilder().withName("other").build();
        PodSpec pod = new PodSpecBuilder().withContainers(app, other).build();
        assertThat(DirectoryCa.mount(pod, plain, app)).isFalse();
        assertThat(pod.getVolumes()).isNullOrEmpty();
        assertThat(DirectoryCa.mount(pod, withCa, app)).isTrue();
        assertThat(pod.getVolumes())
                .singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo(DirectoryCa.CONFIG_MAP));
        assertThat(app.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath() + "/" + DirectoryCa.KEY).isEqualTo(DirectoryCa.FILE);
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(other.getVolumeMounts()).isNullOrEmpty();
    }

    @Test
    void theEndpointSaysWhichUrlTheAppsUseAndRefusesACaWithoutTls() {
        assertThat(plain.directory().url()).isEqualTo("ldap://essaim-directory.essaim.svc.cluster.local:389");
        assertThat(withCa.directory().url()).isEqualTo("ldaps://essaim-directory.essaim.svc.cluster.local:389");
        assertThat(plain.directory()
                        .withSecurity(PlatformSettings.DirectorySecurity.STARTTLS, null)
                        .url())
                .startsWith("ldap://");
        assertThatThrownBy(() -> plain.directory().withSecurity(PlatformSettings.DirectorySecurity.PLAIN, PEM))
                .hasMessageContaining("StartTLS or LDAPS");
        assertThatThrownBy(() -> plain.directory().withSecurity(PlatformSettings.DirectorySecurity.LDAPS, "abc"))
                .hasMessageContaining("PEM");
    }

    @Test
    void theMailRelayRefusesAnUnusableSender() {
        assertThat(PlatformSettings.MailRelay.defaults("essaim.example").fromLocalPart())
                .isEqualTo("noreply");
        assertThat(PlatformSettings.MailRelay.defaults("essaim.example").fromDomain())
                .isEqualTo("essaim.example");
        assertThatThrownBy(() -> new PlatformSettings.MailRelay(
                        "smtp",
                        25,
                        PlatformSettings.MailSecurity.NONE,
                        "noreply",
                        PlatformSettings.NetworkPeer.ipBlock("10.0.0.1/32")))
                .hasMessageContaining("email");
    }
}
