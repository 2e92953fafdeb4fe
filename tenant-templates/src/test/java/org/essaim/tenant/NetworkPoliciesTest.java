package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.assertj.core.groups.Tuple;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPoliciesTest {

    private final PlatformSettings platform = Platforms.example();
    private final List<NetworkPolicy> policies = NetworkPolicies.render(SpaceSpec.of("asso", "A"), platform);

    private NetworkPolicy policy(String name) {
        return policies.stream()
                .filter(p -> p.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everythingIsDeniedUnlessOpenedBelow() {
        NetworkPolicy deny = policy("default-deny");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isEmpty();
        assertThat(deny.getSpec().getEgress()).isEmpty();
        assertThat(policies).extracting(p -> p.getMetadata().getNamespace()).containsOnly("space-asso");
    }

    @Test
    void onlyTheIngressControllerGetsInAndOnlyToExposedPodsOnTheHttpPort() {
        List<NetworkPolicy> ingressPolicies = policies.stream()
                .filter(p -> !p.getSpec().getIngress().isEmpty())
                .filter(p -> !p.getMetadata().getName().equals("allow-from-provisioner"))
                .toList();
        assertThat(ingressPolicies)
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("allow-from-ingress-controller");
        NetworkPolicy policy = ingressPolicies.get(0);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of(SpaceLabels.EXPOSED, "true"));
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
                assertThat(peer.getPodSelector().getMatchLabels())
                        .isEqualTo(Map.of("app.kubernetes.io/name", "ingress-nginx"));
            });
            assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString(8080));
        });
    }

    @Test
    void theProvisionersSelfCheckGetsInOnlyToExposedPodsOnTheHttpPort() {
        assertThat(policies.stream().filter(p -> !p.getSpec().getIngress().isEmpty()))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("allow-from-ingress-controller", "allow-from-provisioner");
        NetworkPolicy policy = policy("allow-from-provisioner");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of(SpaceLabels.EXPOSED, "true"));
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", "essaim"));
                assertThat(peer.getPodSelector().getMatchLabels())
                        .isEqualTo(Map.of(NetworkPolicies.CHECKS_SPACES, "true"));
            });
            assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString(8080));
        });
    }

    @Test
    void theAppsThatSignPeopleInReachTheProviderAndNothingElseDoes() {
        NetworkPolicy sso = policy("allow-single-sign-on");
        assertThat(sso.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(Map.of(SpaceLabels.SINGLE_SIGN_ON, "true"));
        assertThat(sso.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                            .isEqualTo(Map.of("app.kubernetes.io/name", "ingress-nginx")));
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443);
        });
        NetworkFlows flows = new NetworkFlows(policies);
        NetworkFlows.Pod ingress =
                NetworkFlows.Pod.of("ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        RenderedSpace space = TenantTemplates.render(SpaceSpec.of("asso", "A"), Platforms.example());
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        space.components().stream().flatMap(c -> c.objects().stream()).forEach(o -> {
            if (o instanceof Deployment d) {
                pods.put(
                        d.getMetadata().getName(),
                        d.getSpec().getTemplate().getMetadata().getLabels());
            }
        });
        assertThat(pods.keySet()).contains("nextcloud", "mobilizon", "phpbb");
        pods.forEach((name, labels) -> assertThat(
                        flows.allows(NetworkFlows.Pod.of(space.namespace(), labels), ingress, "TCP", 443))
                .as(name)
                .isEqualTo(!name.equals("phpbb")));
    }

    @Test
    void podsOnlyReachDnsTheDirectoryTheDatabaseTheMailRelayAndTheOfficeServer() {
        List<NetworkPolicy> egress = policies.stream()
                .filter(p -> !p.getSpec().getEgress().isEmpty())
                .toList();
        assertThat(egress)
                .extracting(p -> p.getMetadata().getName())
                .containsExactly(
                        "allow-dns",
                        "allow-directory",
                        "allow-database",
                        "allow-mail-relay",
                        "allow-single-sign-on",
                        "allow-office-server");
        assertThat(policy("allow-dns").getSpec().getEgress().get(0).getPorts())
                .extracting(NetworkPolicyPort::getProtocol, p -> p.getPort().getIntVal())
                .containsExactly(Tuple.tuple("UDP", 53), Tuple.tuple("TCP", 53));
        assertThat(policy("allow-directory")
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .isEqualTo(389);
        assertThat(policy("allow-database")
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .isEqualTo(5432);
        assertThat(policy("allow-office-server").getSpec().getPodSelector().getMatchLabels())
                .as("only the office clients (Nextcloud and its configure Job) talk to the office server")
                .isEqualTo(Map.of("essaim.org/office-client", "true"));
        assertThat(policy("allow-office-server")
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .as("CODE's own port, not the ingress's 443")
                .isEqualTo(9980);
        assertThat(egress)
                .allSatisfy(p -> assertThat(p.getSpec().getEgress())
                        .allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty()));
    }

    @Test
    void aPeerGivenAsAnIpBlockIsOpenedAsOne() {
        PlatformSettings withIp = platform.withDirectory(new PlatformSettings.DirectoryEndpoint(
                "ldap.example", 636, Platforms.BASE_DN, PlatformSettings.NetworkPeer.ipBlock("192.0.2.10/32")));
        NetworkPolicy directory = NetworkPolicies.render(SpaceSpec.of("asso", "A"), withIp).stream()
                .filter(p -> p.getMetadata().getName().equals("allow-directory"))
                .findFirst()
                .orElseThrow();
        assertThat(directory
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getTo()
                        .get(0)
                        .getIpBlock()
                        .getCidr())
                .isEqualTo("192.0.2.10/32");
        assertThat(directory
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .isEqualTo(636);
    }

    @Test
    void onlyPodsThatSendMailReachTheMailRelayAndOnlyOnItsPort() {
        PlatformSettings relay = platform.withMail(new PlatformSettings.MailRelay(
                "smtp.example",
                587,
                PlatformSettings.MailSecurity.STARTTLS,
                "noreply@essaim.example",
                PlatformSettings.NetworkPeer.ipBlock("192.0.2.25/32")));
        NetworkPolicy mail = NetworkPolicies.render(SpaceSpec.of("asso", "A"), relay).stream()
                .filter(p -> p.getMetadata().getName().equals("allow-mail-relay"))
                .findFirst()
                .orElseThrow();
        assertThat(mail.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of(SpaceLabels.SENDS_MAIL, "true"));
        assertThat(mail.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(mail.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("192.0.2.25/32"));
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(587);
        });
        NetworkPolicy byDefault = policy("allow-mail-relay");
        assertThat(byDefault
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getTo()
                        .get(0)
                        .getNamespaceSelector()
                        .getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "essaim"));
        assertThat(byDefault
                        .getSpec()
                        .getEgress()
                        .get(0)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .isEqualTo(25);
    }
}
