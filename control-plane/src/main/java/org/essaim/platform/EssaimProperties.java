package org.essaim.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Essaim's own settings ({@code essaim.*}); defaults live in application.yml. */
@ConfigurationProperties("essaim")
public record EssaimProperties(Path dataDir, URI publicUrl, Ldap ldap, Bootstrap bootstrap, Mail mail,
                               Kubernetes kubernetes) {

    /** An external directory when {@code url} is set; the embedded one otherwise. */
    public record Ldap(String url, String baseDn, String bindDn, String bindPassword, Embedded embedded) {

        public boolean external() {
            return url != null && !url.isBlank();
        }

        public record Embedded(int port) {
        }
    }

    public record Bootstrap(String staffPassword) {
    }

    public record Mail(String from, Duration deliveryInterval, int batchSize) {
    }

    public record Kubernetes(KubernetesMode mode, String kubeconfig, String namespace) {
    }

    public enum KubernetesMode { AUTO, CLUSTER, LOCAL }
}
