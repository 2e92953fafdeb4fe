package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes' RBAC authorizer over a set of manifests: which rules a service account holds, where (a
 * ClusterRoleBinding everywhere, a RoleBinding only in its namespace), and whether a rule allows a request (API
 * group, resource or resource/subresource, verb, resourceNames; {@code *} wherever RBAC allows it).
 */
final class ShippedRbac {

    /** A rule held by a subject: everywhere ({@code namespace} null) or in one namespace. */
    record Grant(PolicyRule rule, String namespace, String source) {

        boolean allows(RbacRequest request, String verb) {
            if (!request.isResource()) {
                return namespace == null
                        && rule.getNonResourceURLs() != null
                        && rule.getNonResourceURLs().stream()
                                .anyMatch(url -> url.equals(request.nonResourcePath())
                                        || url.endsWith("*")
                                                && request.nonResourcePath()
                                                        .startsWith(url.substring(0, url.length() - 1)))
                        && (rule.getVerbs().contains(verb) || rule.getVerbs().contains("*"));
            }
            if (namespace != null && !namespace.equals(request.namespace())) {
                return false;
            }
            return matches(rule.getApiGroups(), request.group())
                    && matches(rule.getResources(), request.ruleResource())
                    && matches(rule.getVerbs(), verb)
                    && (rule.getResourceNames() == null
                            || rule.getResourceNames().isEmpty()
                            || request.name() != null && rule.getResourceNames().contains(request.name()));
        }

        private static boolean matches(List<String> values, String value) {
            return values != null && (values.contains(value) || values.contains("*"));
        }

        @Override
        public String toString() {
            return source + (namespace == null ? " (cluster-wide)" : " in " + namespace) + ": " + rule.getApiGroups()
                    + " " + rule.getResources()
                    + (rule.getResourceNames() == null
                                    || rule.getResourceNames().isEmpty()
                            ? ""
                            : " " + rule.getResourceNames())
                    + " " + rule.getVerbs();
        }
    }

    private final List<HasMetadata> objects;

    ShippedRbac(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    List<HasMetadata> objects() {
        return objects;
    }

    /** A ClusterRole of these manifests that no binding of them uses (the provisioner binds it per namespace). */
    Optional<ClusterRole> clusterRole(String name) {
        return objects.stream()
                .filter(o ->
                        o instanceof ClusterRole && o.getMetadata().getName().equals(name))
                .map(ClusterRole.class::cast)
                .findFirst();
    }

    /** Every rule the service account {@code namespace/name} holds through the bindings of these manifests. */
    List<Grant> grants(String namespace, String name) {
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof ClusterRoleBinding binding && bound(binding.getSubjects(), namespace, name)) {
                grants.addAll(rules(binding.getRoleRef(), null, null));
            } else if (object instanceof RoleBinding binding && bound(binding.getSubjects(), namespace, name)) {
                String where = binding.getMetadata().getNamespace();
                grants.addAll(rules(binding.getRoleRef(), where, where));
            }
        }
        return grants;
    }

    private static boolean bound(List<Subject> subjects, String namespace, String name) {
        return subjects != null
                && subjects.stream()
                        .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                                && name.equals(s.getName())
                                && namespace.equals(s.getNamespace()));
    }

    /** A binding's rules; a RoleBinding may point at a Role of its namespace or at a ClusterRole. */
    private List<Grant> rules(RoleRef ref, String roleNamespace, String scope) {
        List<Grant> rules = new ArrayList<>();
        for (HasMetadata object : objects) {
            boolean referenced = object.getMetadata().getName().equals(ref.getName())
                    && (ref.getKind().equals("ClusterRole") && object instanceof ClusterRole
                            || ref.getKind().equals("Role")
                                    && object instanceof Role
                                    && Objects.equals(object.getMetadata().getNamespace(), roleNamespace));
            if (!referenced) {
                continue;
            }
            List<PolicyRule> policy = object instanceof ClusterRole role ? role.getRules() : ((Role) object).getRules();
            String source = object.getKind() + " " + object.getMetadata().getName();
            policy.forEach(rule -> rules.add(new Grant(rule, scope, source)));
        }
        return rules;
    }
}
