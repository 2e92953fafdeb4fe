package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngressesTest {

    private final PlatformSettings platform = Platforms.example();

    private Ingress render(SpaceSpec spec) {
        return (Ingress) Ingresses.render(spec, platform).objects().get(0);
    }

    @Test
    void theThreeHostsGoToTheirServicesUnderTheWildcardCertificate() {
        Ingress ingress = render(SpaceSpec.of("asso", "A"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules())
                .extracting(IngressRule::getHost)
                .containsExactly("asso.essaim.example", "asso-events.essaim.example", "asso-forum.essaim.example");
        assertThat(ingress.getSpec().getRules())
                .extracting(r ->
                        r.getHttp().getPaths().get(0).getBackend().getService().getName())
                .containsExactly("nextcloud", "mobilizon", "phpbb");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts())
                    .containsExactly("asso.essaim.example", "asso-events.essaim.example", "asso-forum.essaim.example");
            assertThat(tls.getSecretName())
                    .as("the controller's default, wildcard, certificate")
                    .isNull();
        });
        assertThat(ingress.getMetadata().getAnnotations()).containsKey("nginx.ingress.kubernetes.io/proxy-body-size");
    }

    @Test
    void servicesThatAreOffHaveNoRoute() {
        Ingress ingress = render(SpaceSpec.of("asso", "A").withServices(new SpaceSpec.Services(false, true)));
        assertThat(ingress.getSpec().getRules())
                .extracting(IngressRule::getHost)
                .containsExactly("asso.essaim.example", "asso-forum.essaim.example");
        assertThat(ingress.getSpec().getTls().get(0).getHosts()).doesNotContain("asso-events.essaim.example");
    }
}
