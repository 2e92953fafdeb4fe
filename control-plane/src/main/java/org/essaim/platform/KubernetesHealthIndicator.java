package org.essaim.platform;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.essaim.space.resource.Space;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the Kubernetes API answers. Asks for {@code spaces} in Essaim's own namespace: the only thing the
 * control plane's RBAC lets it read, so a success also proves the rights are in place.
 */
@Component
class KubernetesHealthIndicator implements HealthIndicator {

    private final KubernetesTarget target;

    KubernetesHealthIndicator(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public Health health() {
        if (target.local()) {
            return Health.up()
                    .withDetail("mode", "local")
                    .withDetail("manifests", target.manifestsDirectory().toString())
                    .withDetail("note", "no cluster configured: nothing is running")
                    .build();
        }
        KubernetesClient client = target.client().orElseThrow();
        try {
            // One item is enough to prove access; listing 10,000 spaces on every probe is not.
            client.resources(Space.class)
                    .inNamespace(target.namespace())
                    .list(new ListOptionsBuilder().withLimit(1L).build());
            return Health.up()
                    .withDetail("mode", "cluster")
                    .withDetail("namespace", target.namespace())
                    .build();
        } catch (KubernetesClientException e) {
            return Health.down()
                    .withDetail("mode", "cluster")
                    .withDetail("namespace", target.namespace())
                    .withDetail("error", e.getMessage())
                    .build();
        }
    }
}
