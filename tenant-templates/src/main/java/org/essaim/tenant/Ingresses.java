package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * One Ingress per space: {@code <slug>.<domain>} to the workspace, {@code <slug>-events.<domain>} and
 * {@code <slug>-forum.<domain>} to the services that are on. TLS names the hosts without a secret: the ingress
 * controller serves its default certificate, the platform's one wildcard certificate for {@code *.<domain>}
 * (ingress-nginx: {@code --default-ssl-certificate}), so no private key is copied into any space's namespace.
 */
final class Ingresses {

    static final String NAME = "space";

    private Ingresses() {}

    static ComponentObjects render(SpaceSpec spec, PlatformSettings platform) {
        String slug = spec.slug();
        List<String> hosts = new ArrayList<>();
        List<IngressRule> rules = new ArrayList<>();
        hosts.add(Hosts.workspace(slug, platform));
        rules.add(rule(Hosts.workspace(slug, platform), Workspace.SERVICE));
        if (spec.services().events()) {
            hosts.add(Hosts.events(slug, platform));
            rules.add(rule(Hosts.events(slug, platform), Events.SERVICE));
        }
        if (spec.services().forum()) {
            hosts.add(Hosts.forum(slug, platform));
            rules.add(rule(Hosts.forum(slug, platform), Forum.SERVICE));
        }
        Ingress ingress = new IngressBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(SpaceSlug.namespace(slug))
                .withLabels(SpaceLabels.of(slug, "ingress", Component.INGRESS))
                .withAnnotations(
                        platform.ingress().annotations().isEmpty()
                                ? null
                                : platform.ingress().annotations())
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(platform.ingress().className())
                .addNewTl()
                .withHosts(hosts)
                .endTl()
                .withRules(rules)
                .endSpec()
                .build();
        return new ComponentObjects(Component.INGRESS, List.of(ingress), List.of());
    }

    private static IngressRule rule(String host, String service) {
        HTTPIngressPath path = new HTTPIngressPathBuilder()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(service)
                .withNewPort()
                .withName("http")
                .endPort()
                .endService()
                .endBackend()
                .build();
        return new IngressRuleBuilder()
                .withHost(host)
                .withNewHttp()
                .withPaths(path)
                .endHttp()
                .build();
    }
}
