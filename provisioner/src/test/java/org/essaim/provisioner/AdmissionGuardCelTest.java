package org.essaim.provisioner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.tenant.Component;
import org.essaim.tenant.TenantTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission guard (deploy/provisioner-guard.yaml) evaluated with Google's CEL for Java (dev.cel), as the API
 * server would evaluate each ValidatingAdmissionPolicy: its match conditions, then every validation, over
 * {@code request}, {@code object} and {@code oldObject} built from real objects (the templates' namespace, the
 * provisioner's RoleBinding). What this cannot show: the API server's typed CEL environment (here the variables are
 * dynamic maps), its matching of resources and operations, and that the binding is in force; a cluster shows those.
 */
class AdmissionGuardCelTest {

    private static final KubernetesClient OFFLINE = new KubernetesClientBuilder().build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVISIONER = "system:serviceaccount:essaim:essaim-provisioner";
    private static final String ADMIN = "kubernetes-admin";
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("request", SimpleType.DYN)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    @AfterAll
    static void close() {
        OFFLINE.close();
    }

    private static ValidatingAdmissionPolicy policy(String name) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("deploy", "provisioner-guard.yaml"))) {
            return OFFLINE.load(in).items().stream()
                    .filter(o -> o instanceof ValidatingAdmissionPolicy
                            && o.getMetadata().getName().equals(name))
                    .map(ValidatingAdmissionPolicy.class::cast)
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** What the API server would say: null when admitted (or not matched), else the first failed message. */
    private static String admit(
            ValidatingAdmissionPolicy policy, String user, String operation, HasMetadata object, HasMetadata oldObject)
            throws Exception {
        HasMetadata about = object != null ? object : oldObject;
        Map<String, Object> request = new HashMap<>();
        request.put("operation", operation);
        request.put("name", about.getMetadata().getName());
        request.put(
                "namespace",
                about.getMetadata().getNamespace() == null
                        ? ""
                        : about.getMetadata().getNamespace());
        request.put("kind", Map.of("group", "", "version", "v1", "kind", about.getKind()));
        request.put("userInfo", Map.of("username", user));
        Map<String, Object> variables = new HashMap<>();
        variables.put("request", request);
        variables.put("object", object == null ? NullValue.NULL_VALUE : tree(object));
        variables.put("oldObject", oldObject == null ? NullValue.NULL_VALUE : tree(oldObject));
        if (policy.getSpec().getMatchConditions() != null) {
            for (var condition : policy.getSpec().getMatchConditions()) {
                if (!Boolean.TRUE.equals(eval(condition.getExpression(), variables))) {
                    return null;
                }
            }
        }
        for (var validation : policy.getSpec().getValidations()) {
            if (!Boolean.TRUE.equals(eval(validation.getExpression(), variables))) {
                return validation.getMessage();
            }
        }
        return null;
    }

    private static Object eval(String expression, Map<String, Object> variables) throws Exception {
        return RUNTIME.createProgram(COMPILER.compile(expression).getAst()).eval(variables);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(HasMetadata object) {
        return JSON.convertValue(OFFLINE.getKubernetesSerialization().convertValue(object, Map.class), Map.class);
    }

    /** The space's namespace as the templates render it, as it reads once the API server has added its label. */
    private static Namespace rendered() {
        Namespace namespace = (Namespace) TenantTemplates.render(SpaceSpec.of("asso", "A"), Fakes.platform())
                .component(Component.NAMESPACE_AND_QUOTAS)
                .objects()
                .stream()
                .filter(o -> o instanceof Namespace)
                .findFirst()
                .orElseThrow();
        return new NamespaceBuilder(namespace)
                .editMetadata()
                .addToLabels(
                        "kubernetes.io/metadata.name", namespace.getMetadata().getName())
                .endMetadata()
                .build();
    }

    private static Namespace withLabel(Namespace namespace, String key, String value) {
        Namespace changed = new NamespaceBuilder(namespace).build();
        Map<String, String> labels = new HashMap<>(changed.getMetadata().getLabels());
        if (value == null) {
            labels.remove(key);
        } else {
            labels.put(key, value);
        }
        changed.getMetadata().setLabels(labels);
        return changed;
    }

    @Test
    void theProvisionersOwnNamespaceApplyIsAdmittedAndNoOneMayWeakenItsPodSecurity() throws Exception {
        ValidatingAdmissionPolicy policy = policy("essaim-space-namespaces-stay-restricted");
        Namespace live = rendered();
        assertThat(live.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");

        assertThat(admit(policy, PROVISIONER, "CREATE", live, null)).isNull();
        assertThat(admit(policy, PROVISIONER, "UPDATE", live, live))
                .as("the provisioner's apply that keeps them")
                .isNull();
        assertThat(admit(policy, ADMIN, "UPDATE", withLabel(live, "team", "jardin"), live))
                .as("another label")
                .isNull();

        for (String user : List.of(ADMIN, PROVISIONER)) {
            assertThat(admit(
                            policy,
                            user,
                            "UPDATE",
                            withLabel(live, "pod-security.kubernetes.io/enforce", "privileged"),
                            live))
                    .as(user)
                    .isEqualTo("A space's namespace must enforce Pod Security \"restricted\".");
            assertThat(admit(policy, user, "UPDATE", withLabel(live, "pod-security.kubernetes.io/enforce", null), live))
                    .as(user)
                    .isNotNull();
            assertThat(admit(
                            policy,
                            user,
                            "UPDATE",
                            withLabel(live, "pod-security.kubernetes.io/enforce-version", "v1.24"),
                            live))
                    .as(user)
                    .isNotNull();
            assertThat(admit(policy, user, "UPDATE", withLabel(live, "pod-security.kubernetes.io/warn", null), live))
                    .as(user)
                    .isEqualTo("The Pod Security labels of a space's namespace cannot be changed or removed.");
            assertThat(admit(
                            policy,
                            user,
                            "UPDATE",
                            withLabel(live, "pod-security.kubernetes.io/audit", "baseline"),
                            live))
                    .as(user)
                    .isNotNull();
        }
        Namespace bare = new NamespaceBuilder()
                .withNewMetadata()
                .withName("space-nouveau")
                .endMetadata()
                .build();
        assertThat(admit(policy, ADMIN, "CREATE", bare, null))
                .as("a space namespace made without them")
                .isNotNull();
        Namespace other = new NamespaceBuilder()
                .withNewMetadata()
                .withName("monitoring")
                .endMetadata()
                .build();
        assertThat(admit(policy, ADMIN, "UPDATE", other, withLabel(live, "x", "y")))
                .as("not a space's")
                .isNull();
    }

    @Test
    void theProvisionerOnlyWritesInSpaceNamespacesAndOnlyBindsItsSecretsRoleToItself() throws Exception {
        ValidatingAdmissionPolicy policy = policy("essaim-provisioner-stays-in-spaces");
        RoleBinding binding = new ClusterTarget(OFFLINE, "essaim").secretsBinding("space-asso");
        binding.setKind("RoleBinding");

        assertThat(admit(policy, PROVISIONER, "CREATE", binding, null)).isNull();
        assertThat(admit(policy, PROVISIONER, "CREATE", rendered(), null)).isNull();
        var deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withName("x")
                .withNamespace("kube-system")
                .endMetadata()
                .build();
        deployment.setKind("Deployment");
        assertThat(admit(policy, PROVISIONER, "CREATE", deployment, null))
                .isEqualTo("The Essaim provisioner only works in space-* namespaces.");
        assertThat(admit(policy, ADMIN, "CREATE", deployment, null))
                .as("others are not its concern")
                .isNull();

        RoleBinding elsewhere = new RoleBindingBuilder(binding)
                .editMetadata()
                .withNamespace("kube-system")
                .endMetadata()
                .build();
        assertThat(admit(policy, PROVISIONER, "CREATE", elsewhere, null)).isNotNull();
        RoleBinding admin = new RoleBindingBuilder(binding)
                .editRoleRef()
                .withName("cluster-admin")
                .endRoleRef()
                .build();
        assertThat(admit(policy, PROVISIONER, "CREATE", admin, null))
                .isEqualTo("The Essaim provisioner only binds its Secrets role, to itself.");
        List<Subject> subjects = new ArrayList<>(binding.getSubjects());
        subjects.add(new Subject(null, "ServiceAccount", "default", "space-asso"));
        RoleBinding shared =
                new RoleBindingBuilder(binding).withSubjects(subjects).build();
        assertThat(admit(policy, PROVISIONER, "UPDATE", shared, binding)).isNotNull();
    }
}
