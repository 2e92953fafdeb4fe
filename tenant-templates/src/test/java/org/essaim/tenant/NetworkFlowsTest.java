package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spaces' network policies evaluated flow by flow ({@link NetworkFlows}) against the pods the rendered
 * workloads would run: every path the apps need is open, and the paths that must stay closed are.
 */
class NetworkFlowsTest {

    private final PlatformSettings platform = Platforms.example();
    private final RenderedSpace a = TenantTemplates.render(SpaceSpec.of("asso", "A"), platform);
    private final RenderedSpace b = TenantTemplates.render(SpaceSpec.of("club", "B"), platform);
    private final NetworkFlows flows = new NetworkFlows(policies(a, b));

    private static List<NetworkPolicy> policies(RenderedSpace... spaces) {
        List<NetworkPolicy> policies = new ArrayList<>();
        for (RenderedSpace space : spaces) {
            space.objects().stream()
                    .filter(NetworkPolicy.class::isInstance)
                    .map(NetworkPolicy.class::cast)
                    .forEach(policies::add);
        }
        return policies;
    }

    /** The pod a workload of the space would run, by the workload's name. */
    static NetworkFlows.Pod pod(RenderedSpace space, String workload) {
        for (HasMetadata object : space.objects()) {
            PodTemplateSpec template = object instanceof Deployment d
                    ? d.getSpec().getTemplate()
                    : object instanceof Job j ? j.getSpec().getTemplate() : null;
            if (template != null && object.getMetadata().getName().equals(workload)) {
                return NetworkFlows.Pod.of(
                        space.namespace(),
                        template.getMetadata() == null
                                ? Map.of()
                                : template.getMetadata().getLabels());
            }
        }
        throw new AssertionError("no workload " + workload + " in " + space.slug());
    }

    static NetworkFlows.Pod pod(PlatformSettings.NetworkPeer peer) {
        return NetworkFlows.Pod.of(peer.namespace(), peer.podLabels());
    }

    @Test
    void theWorkspaceAndItsConfigureJobReachTheOfficeServerOnItsOwnPort() {
        NetworkFlows.Pod office = pod(platform.office().collabora().peer());
        assertThat(flows.allows(pod(a, "nextcloud"), office, "TCP", 9980))
                .as("Nextcloud -> CODE")
                .isTrue();
        assertThat(flows.allows(pod(a, "nextcloud-configure"), office, "TCP", 9980))
                .as("configure Job -> CODE (richdocuments:activate-config)")
                .isTrue();
        assertThat(flows.allows(pod(a, "nextcloud"), office, "TCP", 443))
                .as("only the server's port")
                .isFalse();
    }

    @Test
    void aSpaceOnOnlyOfficeReachesOnlyOfficeOnPort80AndNotCollabora() {
        PlatformSettings.OfficeServers offered = platform.office();
        RenderedSpace onlyoffice =
                TenantTemplates.render(SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE), platform);
        NetworkFlows only = new NetworkFlows(policies(onlyoffice));
        assertThat(only.allows(
                        pod(onlyoffice, "nextcloud"), pod(offered.onlyoffice().peer()), "TCP", 80))
                .isTrue();
        assertThat(only.allows(
                        pod(onlyoffice, "nextcloud"), pod(offered.collabora().peer()), "TCP", 9980))
                .isFalse();
    }

    @Test
    void theOfficeServerCallsTheWorkspaceBackThroughTheIngress() {
        // WOPI: CODE fetches and saves the document at https://<slug>.<domain>, which is the ingress controller;
        // the controller then opens the connection into the space.
        NetworkFlows.Pod office = pod(platform.office().collabora().peer());
        NetworkFlows.Pod controller = pod(platform.ingress().controller());
        assertThat(flows.allows(office, controller, "TCP", 443))
                .as("office -> ingress (no policy of a space "
                        + "selects either; the chart's own policy is checked in HelmChartTest)")
                .isTrue();
        assertThat(flows.allows(controller, pod(a, "nextcloud"), "TCP", Volumes.HTTP_PORT))
                .as("ingress -> workspace")
                .isTrue();
        assertThat(flows.allows(office, pod(a, "nextcloud"), "TCP", Volumes.HTTP_PORT))
                .as("office -> workspace directly: refused, it goes through the ingress")
                .isFalse();
    }

    @Test
    void theWorkspaceReachesTheDirectoryTheDatabaseAndDns() {
        NetworkFlows.Pod nextcloud = pod(a, "nextcloud");
        assertThat(flows.allows(nextcloud, pod(platform.directory().peer()), "TCP", 389))
                .isTrue();
        assertThat(flows.allows(nextcloud, pod(platform.database().peer()), "TCP", 5432))
                .isTrue();
        assertThat(flows.allows(nextcloud, pod(platform.dns()), "UDP", 53)).isTrue();
        assertThat(flows.allows(nextcloud, pod(platform.dns()), "TCP", 53)).isTrue();
        assertThat(flows.allows(nextcloud, pod(platform.database().peer()), "TCP", 22))
                .isFalse();
    }

    @Test
    void theEventsAndForumPodsDoNotReachTheOfficeServer() {
        NetworkFlows.Pod office = pod(platform.office().collabora().peer());
        assertThat(flows.allows(pod(a, "mobilizon"), office, "TCP", 9980)).isFalse();
        assertThat(flows.allows(pod(a, "phpbb"), office, "TCP", 9980)).isFalse();
    }

    @Test
    void oneSpaceNeverReachesAnother() {
        assertThat(flows.allows(pod(a, "nextcloud"), pod(b, "nextcloud"), "TCP", Volumes.HTTP_PORT))
                .isFalse();
        assertThat(flows.allows(pod(a, "nextcloud-configure"), pod(b, "nextcloud"), "TCP", Volumes.HTTP_PORT))
                .isFalse();
        assertThat(flows.allows(pod(b, "mobilizon"), pod(a, "mobilizon"), "TCP", Volumes.HTTP_PORT))
                .isFalse();
    }

    @Test
    void noPolicyForASuiteThePlatformDoesNotOffer() {
        PlatformSettings collaboraOnly = new PlatformSettings(
                platform.domain(),
                null,
                platform.images(),
                platform.directory(),
                platform.database(),
                platform.ingress(),
                PlatformSettings.OfficeServers.chart(platform.domain(), "essaim", false),
                platform.dns(),
                platform.backups(),
                platform.mail(),
                null);
        assertThat(collaboraOnly.offers(OfficeSuite.ONLYOFFICE)).isFalse();
        assertThat(NetworkPolicies.render(
                        SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE), collaboraOnly))
                .extracting(p -> p.getMetadata().getName())
                .doesNotContain("allow-office-server");
    }

    @Test
    void theEvaluatorFollowsKubernetesRules() {
        NetworkFlows none = new NetworkFlows(List.of());
        NetworkFlows.Pod x = NetworkFlows.Pod.of("x", Map.of("a", "1"));
        NetworkFlows.Pod y = NetworkFlows.Pod.of("y", Map.of("b", "2"));
        assertThat(none.allows(x, y, "TCP", 1)).as("no policy: open").isTrue();
        NetworkFlows denyY = new NetworkFlows(policies(a).stream()
                .filter(p -> p.getMetadata().getName().equals("default-deny"))
                .toList());
        NetworkFlows.Pod inA = NetworkFlows.Pod.of(a.namespace(), Map.of());
        assertThat(denyY.allows(inA, y, "TCP", 1))
                .as("default-deny closes egress")
                .isFalse();
        assertThat(denyY.allows(y, inA, "TCP", 1))
                .as("default-deny closes ingress")
                .isFalse();
        assertThat(denyY.allows(x, y, "TCP", 1))
                .as("other namespaces are untouched")
                .isTrue();
    }

    @Test
    void theInternalAddressOfANamedOfficeVersionIsItsCatalogueHostsService() {
        SpaceSpec next = SpaceSpec.of("asso", "A").withVersions(new AppVersions(null, "25.04", null, null));
        assertThat(platform.officeServer(next).toString()).isEqualTo("https://office-25-04." + Platforms.DOMAIN);
        assertThat(platform.officeInternalServer(next).toString())
                .isEqualTo("http://office-25-04.essaim.svc.cluster.local:9980");
        assertThat(platform.officeInternalServer(SpaceSpec.of("asso", "A")).toString())
                .isEqualTo("http://office.essaim.svc.cluster.local:9980");
    }
}
