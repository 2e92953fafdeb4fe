package org.essaim.provisioner;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.Space;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The Space CRD kept in provisioner/deploy and the Java model (tenant-templates' org.essaim.space.resource) agree. */
class SpaceCrdTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CustomResourceDefinition crd = MockCluster.crd();
    private final CustomResourceDefinitionVersion version =
            crd.getSpec().getVersions().get(0);
    private final JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();

    @Test
    void namesGroupVersionAndScopeAreTheJavaResources() {
        assertThat(crd.getMetadata().getName()).isEqualTo(HasMetadata.getFullResourceName(Space.class));
        assertThat(crd.getSpec().getGroup())
                .isEqualTo(HasMetadata.getGroup(Space.class))
                .isEqualTo("essaim.org");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName())
                    .isEqualTo(HasMetadata.getVersion(Space.class))
                    .isEqualTo("v1alpha1");
            assertThat(v.getServed()).isTrue();
            assertThat(v.getStorage()).isTrue();
            assertThat(v.getSubresources().getStatus()).as("status subresource").isNotNull();
        });
        assertThat(crd.getSpec().getNames().getKind())
                .isEqualTo(HasMetadata.getKind(Space.class))
                .isEqualTo("Space");
        assertThat(crd.getSpec().getNames().getPlural())
                .isEqualTo(HasMetadata.getPlural(Space.class))
                .isEqualTo("spaces");
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo(HasMetadata.getSingular(Space.class));
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    }

    @Test
    void theSchemaHasExactlyTheJavaModelsFieldsWithTheSameTypes() {
        List<String> problems = new ArrayList<>();
        compare(MAPPER.constructType(SpaceSpec.class), root.getProperties().get("spec"), "spec", problems);
        compare(MAPPER.constructType(SpaceStatus.class), root.getProperties().get("status"), "status", problems);
        assertThat(problems).isEmpty();
    }

    private void compare(JavaType type, JSONSchemaProps schema, String path, List<String> problems) {
        if (schema == null) {
            problems.add(path + ": in Java, not in the CRD");
            return;
        }
        Class<?> raw = type.getRawClass();
        String expected;
        if (raw == String.class) {
            expected = "string";
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            expected = "integer";
        } else if (raw == boolean.class || raw == Boolean.class) {
            expected = "boolean";
        } else if (raw.isEnum()) {
            expected = "string";
            Set<String> javaValues = new TreeSet<>(
                    Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList());
            Set<String> schemaValues = new TreeSet<>(
                    schema.getEnum().stream().map(JsonNode::asText).toList());
            if (!javaValues.equals(schemaValues)) {
                problems.add(path + ": enum " + javaValues + " in Java, " + schemaValues + " in the CRD");
            }
        } else if (Collection.class.isAssignableFrom(raw)) {
            expected = "array";
            compare(
                    type.getContentType(),
                    schema.getItems() == null ? null : schema.getItems().getSchema(),
                    path + "[]",
                    problems);
        } else {
            expected = "object";
            BeanDescription bean = MAPPER.getSerializationConfig().introspect(type);
            Set<String> javaFields = new TreeSet<>();
            for (BeanPropertyDefinition property : bean.findProperties()) {
                javaFields.add(property.getName());
                compare(
                        property.getPrimaryType(),
                        schema.getProperties().get(property.getName()),
                        path + "." + property.getName(),
                        problems);
            }
            Set<String> schemaFields = new TreeSet<>(schema.getProperties().keySet());
            schemaFields.removeAll(javaFields);
            schemaFields.forEach(missing -> problems.add(path + "." + missing + ": in the CRD, not in Java"));
        }
        if (!expected.equals(schema.getType())) {
            problems.add(path + ": " + expected + " in Java, " + schema.getType() + " in the CRD");
        }
    }

    @Test
    void theSchemasDefaultsAreTheJavaDefaults() {
        JSONSchemaProps spec = root.getProperties().get("spec");
        SpaceSpec defaults = SpaceSpec.of("asso", "Asso");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("slug", "displayName");
        assertThat(spec.getProperties().get("language").getDefault().asText()).isEqualTo(defaults.language());
        assertThat(spec.getProperties().get("language").getEnum())
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(SpaceSpec.LANGUAGES);
        assertThat(spec.getProperties().get("officeSuite").getDefault().asText())
                .isEqualTo(defaults.officeSuite().name())
                .isEqualTo(OfficeSuite.COLLABORA.name());
        JSONSchemaProps quotas = spec.getProperties().get("quotas");
        assertThat(quotas.getProperties().get("accounts").getDefault().asInt())
                .isEqualTo(defaults.quotas().accounts());
        assertThat(quotas.getProperties().get("storageGiB").getDefault().asInt())
                .isEqualTo(defaults.quotas().storageGiB());
        JSONSchemaProps services = spec.getProperties().get("services");
        assertThat(services.getProperties().get("events").getDefault().asBoolean())
                .isEqualTo(defaults.services().events());
        assertThat(services.getProperties().get("forum").getDefault().asBoolean())
                .isEqualTo(defaults.services().forum());
        assertThat(spec.getProperties().get("suspended").getDefault().asBoolean())
                .isEqualTo(defaults.suspended());
    }

    @Test
    void theSchemaValidatesWhatTheJavaModelValidates() {
        JSONSchemaProps spec = root.getProperties().get("spec");
        JSONSchemaProps slug = spec.getProperties().get("slug");
        assertThat(slug.getPattern()).isEqualTo(SpaceSlug.PATTERN);
        assertThat(slug.getMinLength()).isEqualTo(SpaceSlug.MIN_LENGTH);
        assertThat(slug.getMaxLength()).isEqualTo(SpaceSlug.MAX_LENGTH);
        assertThat(slug.getXKubernetesValidations())
                .extracting(ValidationRule::getRule)
                .anySatisfy(rule -> SpaceSlug.RESERVED_SUFFIXES.forEach(
                        suffix -> assertThat(rule).contains("!self.endsWith('" + suffix + "')")))
                .contains("self == oldSelf");
        assertThat(root.getXKubernetesValidations())
                .extracting(ValidationRule::getRule)
                .containsExactly("self.metadata.name == self.spec.slug");
        JSONSchemaProps quotas = spec.getProperties().get("quotas");
        assertThat(quotas.getProperties().get("accounts").getMaximum())
                .isEqualTo((double) SpaceSpec.Quotas.MAX_ACCOUNTS);
        assertThat(quotas.getProperties().get("storageGiB").getMaximum())
                .isEqualTo((double) SpaceSpec.Quotas.MAX_STORAGE_GIB);
        assertThat(quotas.getProperties().get("accounts").getMinimum()).isEqualTo(1.0);
        assertThat(spec.getProperties().get("displayName").getMaxLength()).isEqualTo(200L);

        JSONSchemaProps condition = root.getProperties()
                .get("status")
                .getProperties()
                .get("conditions")
                .getItems()
                .getSchema();
        List<String> types = new ArrayList<>(List.of(SpaceConditions.READY));
        types.addAll(SpaceConditions.COMPONENTS);
        assertThat(condition.getProperties().get("type").getEnum())
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(types);
        assertThat(condition.getProperties().get("status").getEnum())
                .extracting(JsonNode::asText)
                .containsExactly(SpaceConditions.TRUE, SpaceConditions.FALSE, SpaceConditions.UNKNOWN);
    }

    @Test
    void kubectlGetSpacesShowsSlugReadyEachAppsSelfCheckSuspendedLastBackupAndAge() {
        assertThat(version.getAdditionalPrinterColumns())
                .filteredOn(c -> c.getPriority() == null || c.getPriority() == 0)
                .extracting(c -> c.getName() + " " + c.getJsonPath())
                .containsExactly(
                        "Slug .spec.slug",
                        "Ready .status.conditions[?(@.type==\"Ready\")].status",
                        "Reason .status.conditions[?(@.type==\"Ready\")].reason",
                        "Workspace .status.conditions[?(@.type==\"WorkspaceVerified\")].reason",
                        "Events .status.conditions[?(@.type==\"EventsVerified\")].reason",
                        "Forum .status.conditions[?(@.type==\"ForumVerified\")].reason",
                        "Suspended .spec.suspended",
                        "Last backup .status.lastSuccessfulBackup",
                        "Age .metadata.creationTimestamp");
    }

    @Test
    void theExampleSpaceReadsIntoTheJavaModelWithNothingLeftOver() throws IOException {
        ObjectMapper strict =
                new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        JsonNode example = strict.readTree(Path.of("deploy/examples/space.yaml").toFile());
        SpaceSpec spec = strict.treeToValue(example.get("spec"), SpaceSpec.class);
        assertThat(spec).isEqualTo(SpaceSpec.of("asso-du-quartier", "Association du quartier"));
        assertThat(spec.problems()).isEmpty();
        assertThat(example.at("/metadata/name").asText()).isEqualTo(spec.slug());
        assertThat(example.at("/metadata/finalizers/0").asText()).isEqualTo(Space.FINALIZER);
        assertThat(example.at("/apiVersion").asText()).isEqualTo(Space.API_VERSION);
    }
}
