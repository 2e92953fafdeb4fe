package org.essaim.platform;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses the Kubernetes target. {@code auto} uses a cluster when a kubeconfig is named
 * ({@code essaim.kubernetes.kubeconfig} or {@code KUBECONFIG}) or when running in a pod, and the local
 * manifests target otherwise; a personal {@code ~/.kube/config} is never picked up by surprise.
 */
@Configuration(proxyBeanMethods = false)
class KubernetesConfiguration {

    private static final String IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    @Bean
    KubernetesTarget kubernetesTarget(EssaimProperties properties, DataDirectory dataDirectory) {
        EssaimProperties.Kubernetes settings = properties.kubernetes();
        Path manifests = dataDirectory.resolve("spaces");
        String kubeconfig = firstNonBlank(settings.kubeconfig(), System.getenv("KUBECONFIG"));
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.exists(Path.of(IN_CLUSTER_TOKEN));
        EssaimProperties.KubernetesMode mode =
                settings.mode() == null ? EssaimProperties.KubernetesMode.AUTO : settings.mode();
        boolean cluster = switch (mode) {
            case LOCAL -> false;
            case CLUSTER -> true;
            case AUTO -> kubeconfig != null || inCluster;
        };
        if (!cluster) {
            return new KubernetesTarget(
                    KubernetesTarget.Mode.LOCAL, Optional.empty(), settings.namespace(), manifests, "none");
        }
        Config config;
        String source;
        if (kubeconfig != null) {
            File file = new File(kubeconfig);
            if (!file.canRead()) {
                throw new IllegalStateException("The kubeconfig " + kubeconfig + " cannot be read");
            }
            config = Config.fromKubeconfig(file);
            source = "kubeconfig " + kubeconfig;
        } else {
            config = Config.autoConfigure(null);
            source = "in-cluster service account";
        }
        // Fail fast and let callers (health, the provisioner's reconcile loop) decide when to try again.
        config = new ConfigBuilder(config)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000)
                .withRequestRetryBackoffLimit(1)
                .build();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        return new KubernetesTarget(
                KubernetesTarget.Mode.CLUSTER, Optional.of(client), settings.namespace(), manifests, source);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
