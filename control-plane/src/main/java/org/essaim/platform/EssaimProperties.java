package org.essaim.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Essaim's own settings at the top of {@code essaim.*}; each feature's are in its package (its {@code *Settings}).
 * A missing key takes the default written here.
 *
 * @param dataDir    where the local default keeps the embedded database, directory and spaces' manifests
 * @param publicUrl  the address people reach Essaim at, used in the links of emails and as the apps' sign-on
 *                   issuer; application.yml makes it {@code http://localhost:<server.port>}
 * @param ldap       the directory holding every account
 * @param bootstrap  the first staff account
 * @param mail       the outbox's sending
 * @param kubernetes where spaces are provisioned
 */
@ConfigurationProperties("essaim")
public record EssaimProperties(
        @DefaultValue("./data") Path dataDir,
        URI publicUrl,
        @DefaultValue Ldap ldap,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Mail mail,
        @DefaultValue Kubernetes kubernetes) {

    /**
     * An external directory when {@code url} is set; the embedded one otherwise.
     *
     * @param url          the directory's address ({@code ldap://} or {@code ldaps://}); empty: start the embedded
     *                     directory (UnboundID's in-memory server, persisted under the data directory)
     * @param baseDn       the directory's base
     * @param bindDn       the account Essaim writes with, in an external directory
     * @param bindPassword its password
     * @param embedded     the embedded directory
     */
    public record Ldap(
            String url,
            @DefaultValue("dc=essaim,dc=local") String baseDn,
            String bindDn,
            String bindPassword,
            @DefaultValue Embedded embedded) {

        public boolean external() {
            return url != null && !url.isBlank();
        }

        /** @param port the port the embedded directory listens on, on 127.0.0.1 (0: any free one) */
        public record Embedded(@DefaultValue("1389") int port) {

            public Embedded {
                if (port < 0 || port > 65535) {
                    throw new InvalidSetting("essaim.ldap.embedded.port", "must be a port (0 to 65535), not " + port);
                }
            }
        }
    }

    /**
     * @param staffPassword the password of the first staff account, {@code admin}; empty: generated and written to
     *                      {@code <data dir>/initial-staff-password}
     */
    public record Bootstrap(String staffPassword) {}

    /**
     * @param from             the sender of Essaim's emails
     * @param deliveryInterval how often the outbox job sends what is due
     * @param batchSize        how many messages one run of the job takes
     */
    public record Mail(
            @DefaultValue("Essaim <no-reply@essaim.local>") String from,
            @DefaultValue("10s") Duration deliveryInterval,
            @DefaultValue("50") int batchSize) {

        public Mail {
            InvalidSetting.positive("essaim.mail.delivery-interval", deliveryInterval);
            InvalidSetting.atLeast("essaim.mail.batch-size", batchSize, 1);
        }
    }

    /**
     * @param mode       {@code auto}: a cluster when a kubeconfig is given (here or in {@code KUBECONFIG}) or when
     *                   running inside a pod, otherwise local; {@code local}: spaces' manifests are only written under
     *                   the data directory; {@code cluster}
     * @param kubeconfig the kubeconfig file of the cluster to provision in
     * @param namespace  the namespace of Essaim's own {@code Space} resources
     */
    public record Kubernetes(
            @DefaultValue("auto") KubernetesMode mode,
            String kubeconfig,
            @DefaultValue("essaim") String namespace) {}

    public enum KubernetesMode {
        AUTO,
        CLUSTER,
        LOCAL
    }
}
