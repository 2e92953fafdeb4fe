package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.Component;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceLabels;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's indexed mock answers as the stock one does (it only finds named objects faster). */
class IndexedMockTest {

    @Test
    void theSamePassesGiveTheSameResultsOnBothStores() {
        List<List<String>> listed = new ArrayList<>();
        for (ApplyingCrudDispatcher api : List.of(new ApplyingCrudDispatcher(), ApplyingCrudDispatcher.indexed())) {
            try (MockCluster cluster = new MockCluster(api)) {
                SpaceReconciler reconciler = Fakes.forCluster(
                        cluster.provisioner,
                        Fakes.settings(),
                        new Fakes.Directory(),
                        new Fakes.Databases(),
                        Clock.systemUTC());
                Space space = Spaces.space("asso");
                RenderedSpace expected = TenantTemplates.render(space.getSpec(), Fakes.platform());

                // 37 objects and Secrets for the services (policies allow-mail-relay, allow-from-provisioner and
                // allow-single-sign-on, and the Secret sso-clients included), 8 for the backups (6 k8up objects and
                // policy, 2 Secrets), the RoleBinding to the space's Secrets
                assertThat(reconciler.reconcile(space).writes()).isEqualTo(46);
                assertThat(reconciler.reconcile(space).writes()).isZero();
                cluster.client
                        .network()
                        .v1()
                        .networkPolicies()
                        .inNamespace("space-asso")
                        .withName("allow-dns")
                        .delete();
                assertThat(reconciler.reconcile(space).writes()).isEqualTo(1);
                assertThat(reconciler
                                .reconcile(Spaces.next(
                                        space,
                                        SpaceSpec.of("asso", "Association asso").withServices(SpaceSpec.Services.NONE),
                                        null))
                                .writes())
                        .isEqualTo(2 + 6 + 2);
                for (HasMetadata object :
                        expected.component(Component.WORKSPACE).objects()) {
                    assertThat(cluster.client.resource(object).get()).isNotNull();
                }
                assertThat(cluster.client
                                .apps()
                                .deployments()
                                .inNamespace("space-asso")
                                .list()
                                .getItems())
                        .extracting(d -> d.getMetadata().getName())
                        .containsExactly("nextcloud");
                listed.add(lists(cluster));
            }
        }
        assertThat(listed.get(1))
                .isEqualTo(listed.get(0))
                .contains("networkpolicies/allow-dns")
                .doesNotContain("networkpolicies/allow-dns-elsewhere");
    }

    /** What lists in the space's namespace and elsewhere answer: all of a kind, by label, after a delete. */
    private static List<String> lists(MockCluster cluster) {
        cluster.client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace("elsewhere")
                .resource(new NetworkPolicyBuilder()
                        .withNewMetadata()
                        .withName("allow-dns-elsewhere")
                        .endMetadata()
                        .build())
                .create();
        List<String> names = new ArrayList<>();
        cluster.client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace("space-asso")
                .list()
                .getItems()
                .forEach(p -> names.add("networkpolicies/" + p.getMetadata().getName()));
        cluster.client
                .secrets()
                .inNamespace("space-asso")
                .withLabel(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER)
                .list()
                .getItems()
                .forEach(p -> names.add("secrets/" + p.getMetadata().getName()));
        cluster.client
                .configMaps()
                .inNamespace("space-asso")
                .withLabel("no-such-label")
                .list()
                .getItems()
                .forEach(p -> names.add("configmaps/" + p.getMetadata().getName()));
        cluster.client.secrets().inNamespace("space-asso").list().getItems().stream()
                .findFirst()
                .ifPresent(secret -> cluster.client.resource(secret).delete());
        cluster.client
                .secrets()
                .inNamespace("space-asso")
                .list()
                .getItems()
                .forEach(p -> names.add("after-delete/" + p.getMetadata().getName()));
        return names;
    }
}
