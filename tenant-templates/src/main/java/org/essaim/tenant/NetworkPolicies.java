package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A space's network: nothing in or out ({@code default-deny}), then only what its apps need. In: the ingress
 * controller, to the pods labelled exposed, on the apps' HTTP port. Out: DNS, the directory, the database server,
 * (pods labelled as sending mail) the mail relay, and (the workspace only) the office server. Pods of one space never reach another space, nor the internet.
 */
final class NetworkPolicies {

    /** The label of the pods that talk to the office server: Nextcloud's Deployment and its configure Job. */
    static final String OFFICE_CLIENT = "essaim.org/office-client";

    /**
     * Who checks the spaces' apps from inside the cluster: pods labelled {@value #CHECKS_SPACES} in Essaim's
     * namespace (the provisioner's Deployment; the control plane's when it runs the provisioner in-process).
     */
    static final String CHECKS_SPACES = "essaim.org/checks-spaces";

    static final PlatformSettings.NetworkPeer SELF_CHECK =
            PlatformSettings.NetworkPeer.pods("essaim", Map.of(CHECKS_SPACES, "true"));

    private NetworkPolicies() {}

    static List<NetworkPolicy> render(SpaceSpec spec, PlatformSettings platform) {
        String slug = spec.slug();
        String namespace = SpaceSlug.namespace(slug);
        Map<String, String> labels = SpaceLabels.of(slug, "network", Component.NAMESPACE_AND_QUOTAS);
        NetworkPolicy defaultDeny = base("default-deny", namespace, labels, Templates.selector(Map.of()))
                .editSpec()
                .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
        NetworkPolicy fromIngress = base(
                        "allow-from-ingress-controller",
                        namespace,
                        labels,
                        Templates.selector(Map.of(SpaceLabels.EXPOSED, "true")))
                .editSpec()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .withFrom(peer(platform.ingress().controller()))
                .withPorts(port("TCP", Volumes.HTTP_PORT))
                .endIngress()
                .endSpec()
                .build();
        NetworkPolicy dns = egress(
                "allow-dns",
                namespace,
                labels,
                Templates.selector(Map.of()),
                platform.dns(),
                port("UDP", 53),
                port("TCP", 53));
        NetworkPolicy directory = egress(
                "allow-directory",
                namespace,
                labels,
                Templates.selector(Map.of()),
                platform.directory().peer(),
                port("TCP", platform.directory().port()));
        NetworkPolicy database = egress(
                "allow-database",
                namespace,
                labels,
                Templates.selector(Map.of()),
                platform.database().peer(),
                port("TCP", platform.database().port()));
        NetworkPolicy mail = egress(
                "allow-mail-relay",
                namespace,
                labels,
                Templates.selector(Map.of(SpaceLabels.SENDS_MAIL, "true")),
                platform.mail().peer(),
                port("TCP", platform.mail().port()));
        // The provisioner's self-check reaches each app's Service as the ingress controller does (its own object, so
        // the other policies stay as they are).
        NetworkPolicy fromProvisioner = base(
                        "allow-from-provisioner",
                        namespace,
                        labels,
                        Templates.selector(Map.of(SpaceLabels.EXPOSED, "true")))
                .editSpec()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .withFrom(peer(SELF_CHECK))
                .withPorts(port("TCP", Volumes.HTTP_PORT))
                .endIngress()
                .endSpec()
                .build();
        // The apps that sign people in through Essaim reach the provider at its public address (their servers fetch
        // its discovery document and keys, exchange codes for tokens); its back-channel logout comes in through the
        // ingress controller (allow-from-ingress-controller).
        PlatformSettings.SingleSignOnIssuer issuer = platform.singleSignOn();
        NetworkPolicy singleSignOn = egress(
                "allow-single-sign-on",
                namespace,
                labels,
                Templates.selector(Map.of(SpaceLabels.SINGLE_SIGN_ON, "true")),
                issuer.peer(),
                port("TCP", issuer.port()));
        List<NetworkPolicy> policies = new ArrayList<>(
                List.of(defaultDeny, fromIngress, fromProvisioner, dns, directory, database, mail, singleSignOn));
        // The office clients (Nextcloud's pods and its configure Job) reach the server of the space's suite straight
        // on its pods' port; the server calls the workspace back through the ingress (allow-from-ingress-controller).
        // No policy when the platform does not offer the suite: the provisioner reports that instead.
        PlatformSettings.OfficeServer server = platform.office().of(spec.officeSuite());
        if (server != null) {
            policies.add(egress(
                    "allow-office-server",
                    namespace,
                    labels,
                    Templates.selector(Map.of(OFFICE_CLIENT, "true")),
                    server.peer(),
                    port("TCP", server.port())));
        }
        return List.copyOf(policies);
    }

    private static NetworkPolicyBuilder base(
            String name, String namespace, Map<String, String> labels, LabelSelector pods) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withPodSelector(pods)
                .endSpec();
    }

    private static NetworkPolicy egress(
            String name,
            String namespace,
            Map<String, String> labels,
            LabelSelector pods,
            PlatformSettings.NetworkPeer to,
            NetworkPolicyPort... ports) {
        return base(name, namespace, labels, pods)
                .editSpec()
                .withPolicyTypes("Egress")
                .addNewEgress()
                .withTo(peer(to))
                .withPorts(ports)
                .endEgress()
                .endSpec()
                .build();
    }

    static NetworkPolicyPeer peer(PlatformSettings.NetworkPeer peer) {
        if (peer.cidr() != null) {
            return new NetworkPolicyPeerBuilder()
                    .withNewIpBlock()
                    .withCidr(peer.cidr())
                    .endIpBlock()
                    .build();
        }
        return new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(Templates.selector(Map.of("kubernetes.io/metadata.name", peer.namespace())))
                .withPodSelector(Templates.selector(peer.podLabels()))
                .build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder()
                .withProtocol(protocol)
                .withPort(new IntOrString(port))
                .build();
    }
}
