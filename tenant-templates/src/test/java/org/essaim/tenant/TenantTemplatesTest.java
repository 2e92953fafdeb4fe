package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole of one space, and several spaces side by side. */
class TenantTemplatesTest {

    private final PlatformSettings platform = Platforms.example();

    static Stream<SpaceSpec> specs() {
        return Stream.of(
                SpaceSpec.of("asso-du-quartier", "Association du quartier"),
                SpaceSpec.of("collectif", "Collectif")
                        .withOfficeSuite(OfficeSuite.ONLYOFFICE)
                        .withLanguage("en"),
                SpaceSpec.of("jardins", "Jardins partagés").withServices(SpaceSpec.Services.NONE),
                SpaceSpec.of("velo-libre", "Vélo libre").withSuspended(true),
                SpaceSpec.of("amap", "AMAP").withQuotas(new SpaceSpec.Quotas(20, 100)));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void everyObjectParsesBackAsTheKubernetesTypeItClaims(SpaceSpec spec) {
        KubernetesSerialization fresh = new KubernetesSerialization();
        for (HasMetadata object : TenantTemplates.render(spec, platform).objects()) {
            if (object instanceof GenericKubernetesResource) {
                continue; // k8up's objects have no Java model: BackupsTest checks them against k8up's types
            }
            String yaml = fresh.asYaml(object);
            GenericKubernetesResource generic = fresh.unmarshal(yaml, GenericKubernetesResource.class);
            assertThat(generic.getApiVersion()).as(yaml).isEqualTo(object.getApiVersion());
            assertThat(generic.getKind())
                    .isEqualTo(object.getKind())
                    .isEqualTo(object.getClass().getSimpleName());
            assertThat(UnknownFields.in(object))
                    .as("fields %s does not know", object.getKind())
                    .isEmpty();

            KubernetesResource typed = fresh.unmarshal(yaml);
            assertThat(typed).as("parsed from its apiVersion and kind alone").isInstanceOf(object.getClass());
            assertThat(fresh.asJson(typed)).as("the same object once parsed").isEqualTo(fresh.asJson(object));
            assertThat(fresh.getRegisteredKubernetesResource(object.getApiVersion(), object.getKind()))
                    .isEqualTo(object.getClass());
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void everyObjectIsLabelledWithItsSpaceAndLivesInItsNamespace(SpaceSpec spec) {
        RenderedSpace space = TenantTemplates.render(spec, platform);
        assertThat(space.namespace()).isEqualTo("space-" + spec.slug());
        for (HasMetadata object : space.objects()) {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry(SpaceLabels.MANAGED_BY, SpaceLabels.PROVISIONER)
                    .containsEntry(SpaceLabels.SPACE, spec.slug());
            if (!"Namespace".equals(object.getKind())) {
                assertThat(object.getMetadata().getNamespace())
                        .as(object.getKind())
                        .isEqualTo(space.namespace());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void rendersNoSecretValues(SpaceSpec spec) {
        RenderedSpace space = TenantTemplates.render(spec, platform);
        assertThat(space.objects()).noneMatch(Secret.class::isInstance);
        for (HasMetadata object : space.objects()) {
            for (PodSpec pod : Objects.podSpec(object).stream().toList()) {
                for (Container container : pod.getContainers()) {
                    container.getEnv().stream()
                            .filter(e -> e.getName().matches(".*(PASSWORD|SECRET|KEY).*"))
                            .forEach(e -> assertThat(e.getValueFrom())
                                    .as(e.getName() + " comes from a Secret")
                                    .isNotNull());
                }
            }
        }
        Set<String> referenced = new HashSet<>();
        space.objects()
                .forEach(o -> Objects.podSpec(o)
                        .ifPresent(pod -> pod.getContainers()
                                .forEach(c -> c.getEnv().stream()
                                        .filter(e -> e.getValueFrom() != null)
                                        .forEach(e -> referenced.add(e.getValueFrom()
                                                .getSecretKeyRef()
                                                .getName())))));
        assertThat(space.secrets()).extracting(RequiredSecret::name).containsAll(referenced);
    }

    @Test
    void renderingIsAPureFunctionOfItsInputs() {
        SpaceSpec spec = SpaceSpec.of("asso-du-quartier", "Association du quartier");
        assertThat(TenantTemplates.render(spec, platform)).isEqualTo(TenantTemplates.render(spec, platform));
    }

    @Test
    void twoSpacesNeverShareANamespaceAHostADatabaseOrADirectorySubtree() {
        List<String> slugs = List.of(
                "ab1",
                "ab-1",
                "ab-events1",
                "forum1",
                "events1",
                "a-forum-b",
                "abc",
                "abcd",
                "x" + "y".repeat(SpaceSlug.MAX_LENGTH - 1));
        Set<String> namespaces = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        Set<String> databases = new HashSet<>();
        Set<String> cluster = new HashSet<>();
        Set<String> subtrees = new HashSet<>();
        for (String slug : slugs) {
            RenderedSpace space = TenantTemplates.render(SpaceSpec.of(slug, slug), platform);
            assertThat(namespaces.add(space.namespace())).as(space.namespace()).isTrue();
            for (Ingress ingress : Objects.all(space.objects(), Ingress.class)) {
                ingress.getSpec()
                        .getRules()
                        .forEach(rule -> assertThat(hosts.add(rule.getHost()))
                                .as(rule.getHost())
                                .isTrue());
            }
            space.databases()
                    .forEach(db -> assertThat(databases.add(db.database()))
                            .as(db.database())
                            .isTrue());
            for (HasMetadata object : space.objects()) {
                // Namespaced objects are apart by namespace; only cluster-scoped ones could meet.
                if (object.getMetadata().getNamespace() == null) {
                    assertThat(cluster.add(object.getKind() + "/"
                                    + object.getMetadata().getName()))
                            .isTrue();
                } else {
                    assertThat(object.getMetadata().getNamespace()).isEqualTo(space.namespace());
                }
            }
            assertThat(subtrees.add(
                            SpaceDirectoryNames.of(slug, Platforms.BASE_DN).space()))
                    .isTrue();
        }
        assertThat(hosts).allMatch(host -> host.split("\\.")[0].length() <= 63);
        assertThat(databases).allMatch(db -> db.length() <= 63);
    }

    @Test
    void withinASpaceEveryObjectHasItsOwnName() {
        RenderedSpace space = TenantTemplates.render(SpaceSpec.of("asso-du-quartier", "A"), platform);
        List<String> keys = new ArrayList<>();
        space.objects()
                .forEach(o -> keys.add(o.getKind() + "/" + o.getMetadata().getName()));
        assertThat(keys).doesNotHaveDuplicates();
    }

    @Test
    void refusesASpecThatIsNotValidAndSaysWhy() {
        assertThatThrownBy(() -> TenantTemplates.render(SpaceSpec.of("a-events", "A"), platform))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("may not end with -events");
    }

    @Test
    void suspensionScalesEveryWorkloadToZeroAndKeepsEveryVolume() {
        SpaceSpec running = SpaceSpec.of("asso-du-quartier", "A");
        RenderedSpace suspended = TenantTemplates.render(running.withSuspended(true), platform);
        RenderedSpace active = TenantTemplates.render(running, platform);

        assertThat(Objects.all(suspended.objects(), Deployment.class))
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isZero());
        assertThat(Objects.all(suspended.objects(), Job.class))
                .isNotEmpty()
                .allSatisfy(j -> assertThat(j.getSpec().getSuspend()).isTrue());
        assertThat(Objects.all(active.objects(), Deployment.class))
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isOne());
        assertThat(Objects.all(suspended.objects(), PersistentVolumeClaim.class))
                .isEqualTo(Objects.all(active.objects(), PersistentVolumeClaim.class));
        assertThat(suspended.components().stream().flatMap(c -> c.absent().stream()))
                .isEmpty();
    }

    @Test
    void theDatabasesAndSecretsFollowTheServicesThatAreOn() {
        RenderedSpace all = TenantTemplates.render(SpaceSpec.of("asso", "A"), platform);
        RenderedSpace none =
                TenantTemplates.render(SpaceSpec.of("asso", "A").withServices(SpaceSpec.Services.NONE), platform);
        assertThat(all.databases())
                .extracting(DatabaseRequirement::database)
                .containsExactly("nextcloud_asso", "mobilizon_asso", "phpbb_asso");
        assertThat(none.databases()).extracting(DatabaseRequirement::database).containsExactly("nextcloud_asso");
        assertThat(TenantTemplates.allDatabaseNames("asso"))
                .containsExactlyElementsOf(all.databases().stream()
                        .map(DatabaseRequirement::database)
                        .toList());
        assertThat(none.secrets())
                .extracting(RequiredSecret::name)
                .containsExactly(
                        SpaceSecrets.DIRECTORY,
                        "database-nextcloud",
                        SpaceSecrets.WORKSPACE_ADMIN,
                        SpaceSecrets.BACKUP_REPOSITORY,
                        SingleSignOn.SECRET,
                        SpaceSecrets.BACKUP_STORAGE);
        // One generated client secret per app that signs people in: the events client only with the events service.
        assertThat(none.secrets())
                .filteredOn(s -> s.name().equals(SingleSignOn.SECRET))
                .singleElement()
                .satisfies(s -> assertThat(s.generated()).containsExactly("workspace-client-secret"));
        assertThat(all.secrets())
                .filteredOn(s -> s.name().equals(SingleSignOn.SECRET))
                .singleElement()
                .satisfies(s ->
                        assertThat(s.generated()).containsExactly("workspace-client-secret", "events-client-secret"));
        assertThat(all.urls().events()).isEqualTo("https://asso-events." + Platforms.DOMAIN);
        assertThat(none.urls().events()).isNull();
    }
}
