package org.essaim.platform;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where spaces go. {@code CLUSTER}: a real Kubernetes API reached through a kubeconfig or the pod's service
 * account. {@code LOCAL}: no cluster; each space's manifests are only written under the data directory and
 * nothing runs, which the console says plainly.
 */
public record KubernetesTarget(
        Mode mode, Optional<KubernetesClient> client, String namespace, Path manifestsDirectory, String source)
        implements AutoCloseable {

    public enum Mode {
        CLUSTER,
        LOCAL
    }

    public boolean local() {
        return mode == Mode.LOCAL;
    }

    /** Closes the cluster client, if any; Spring calls this at shutdown. */
    @Override
    public void close() {
        client.ifPresent(KubernetesClient::close);
    }

    public String describe() {
        return local()
                ? "no cluster configured; space manifests are written to " + manifestsDirectory + " and nothing runs"
                : "cluster from " + source + ", namespace " + namespace;
    }
}
