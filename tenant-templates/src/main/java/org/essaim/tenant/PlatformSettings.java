package org.essaim.tenant;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every space of one platform shares: where the spaces are reached, where their volumes are stored, which
 * image versions they run, and how their pods reach the shared directory, database server and office server.
 *
 * @param domain       spaces are served on {@code <slug>.<domain>}, {@code <slug>-events.<domain>} and
 *                     {@code <slug>-forum.<domain>}, all covered by one wildcard certificate
 * @param storageClass the storage class of the spaces' volumes; null for the cluster's default
 * @param images       the image of every app for spaces that name no version: the catalogue's defaults
 *                     ({@code app-versions.yaml}, see {@link AppCatalogue}) unless the platform overrides them
 * @param directory    the LDAP directory the apps bind to
 * @param database     the tenant PostgreSQL server holding every app's database
 * @param ingress      the ingress controller in front of the spaces
 * @param office       the shared office servers (Collabora Online, OnlyOffice)
 * @param dns          the cluster's DNS pods, the only other egress every pod needs
 */
public record PlatformSettings(String domain, String storageClass, ImageVersions images, DirectoryEndpoint directory,
                               DatabaseEndpoint database, IngressSettings ingress, OfficeServers office,
                               NetworkPeer dns) {

    public PlatformSettings {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(office, "office");
        Objects.requireNonNull(dns, "dns");
    }

    /**
     * Conventional settings for a platform on {@code domain}: Essaim's services in the {@code essaim} namespace,
     * ingress-nginx, kube-dns, the pinned images. Used by the local default and tests; a real platform sets each.
     */
    public static PlatformSettings defaults(String domain, String directoryBaseDn) {
        return new PlatformSettings(domain, null, ImageVersions.pinned(),
                new DirectoryEndpoint("essaim-directory.essaim.svc.cluster.local", 389, directoryBaseDn,
                        NetworkPeer.pods("essaim", Map.of("app.kubernetes.io/name", "essaim-directory"))),
                new DatabaseEndpoint("essaim-tenant-postgres.essaim.svc.cluster.local", 5432,
                        NetworkPeer.pods("essaim", Map.of("app.kubernetes.io/name", "essaim-tenant-postgres"))),
                new IngressSettings("nginx",
                        NetworkPeer.pods("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx")),
                        Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "1g"),
                        List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
                new OfficeServers(URI.create("https://office." + domain), URI.create("https://onlyoffice." + domain),
                        NetworkPeer.pods("essaim-office", Map.of()), 443),
                NetworkPeer.pods("kube-system", Map.of("k8s-app", "kube-dns")));
    }

    /** The images a space runs: those of the versions its spec names, this platform's for the others. */
    public ImageVersions images(org.essaim.space.resource.SpaceSpec spec) {
        return AppCatalogue.pinned().images(spec.appVersions(), images);
    }

    /**
     * The office server a space's workspace talks to: the one of the office version its spec names, on this
     * platform's domain; this platform's own when it names none.
     */
    public URI officeServer(org.essaim.space.resource.SpaceSpec spec) {
        String version = spec.appVersions().office();
        if (version == null) {
            return spec.officeSuite() == org.essaim.space.resource.OfficeSuite.ONLYOFFICE ? office.onlyoffice()
                    : office.collabora();
        }
        return AppCatalogue.pinned().officeServer(version, spec.officeSuite(), domain);
    }

    public PlatformSettings withImages(ImageVersions images) {
        return new PlatformSettings(domain, storageClass, images, directory, database, ingress, office, dns);
    }

    public PlatformSettings withStorageClass(String storageClass) {
        return new PlatformSettings(domain, storageClass, images, directory, database, ingress, office, dns);
    }

    /**
     * @param host   as the space's pods resolve it
     * @param port   plain LDAP (389) inside the cluster network
     * @param baseDn the directory's base; spaces live under {@code ou=spaces,<base>}
     * @param peer   who the network policy lets the pods reach
     */
    public record DirectoryEndpoint(String host, int port, String baseDn, NetworkPeer peer) {
    }

    /** @param host as the space's pods resolve it; @param peer who the network policy lets the pods reach */
    public record DatabaseEndpoint(String host, int port, NetworkPeer peer) {
    }

    /**
     * @param className      the IngressClass of the spaces' Ingresses
     * @param controller     the controller's pods, the only ones allowed to open connections into a space
     * @param annotations    controller-specific annotations put on every space's Ingress (upload size, ...)
     * @param trustedProxies the networks the controller's requests come from, trusted by the apps for client IPs
     */
    public record IngressSettings(String className, NetworkPeer controller, Map<String, String> annotations,
                                  List<String> trustedProxies) {
        public IngressSettings {
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }
    }

    /** The shared office servers: each space's workspace talks to the one its spec chooses. */
    public record OfficeServers(URI collabora, URI onlyoffice, NetworkPeer peer, int port) {
    }

    /**
     * Whom a network policy opens a path to: either an IP block, or the pods of a namespace matching labels (an
     * empty label map means every pod of that namespace).
     */
    public record NetworkPeer(String cidr, String namespace, Map<String, String> podLabels) {

        public NetworkPeer {
            if ((cidr == null) == (namespace == null)) {
                throw new IllegalArgumentException("A network peer is either an IP block or a namespace's pods");
            }
            podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
        }

        public static NetworkPeer ipBlock(String cidr) {
            return new NetworkPeer(cidr, null, Map.of());
        }

        public static NetworkPeer pods(String namespace, Map<String, String> podLabels) {
            return new NetworkPeer(null, namespace, podLabels);
        }
    }
}
