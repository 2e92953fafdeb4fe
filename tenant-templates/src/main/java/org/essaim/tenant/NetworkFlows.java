package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a set of NetworkPolicy objects lets through, by Kubernetes' rules, for one connection between two pods: a
 * small evaluator for tests and tools that check the policies flow by flow against the pods that need them.
 *
 * <p>The rules: a pod selected by no policy of a direction is open in that direction; a pod selected by some is
 * open only to what one of their rules allows. A connection needs both the source's egress and the destination's
 * ingress. A peer with a pod selector alone means pods of the policy's own namespace; a namespace selector matches
 * the namespace's labels (every namespace has {@code kubernetes.io/metadata.name}). IP blocks never match a pod
 * here (pods are named by labels, not addresses); named ports are not resolved.
 */
public final class NetworkFlows {

    /** A pod as the policies see it: its namespace (with its labels) and its own labels. */
    public record Pod(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels) {

        public Pod {
            Objects.requireNonNull(namespace, "namespace");
            namespaceLabels = new HashMap<>(namespaceLabels == null ? Map.of() : namespaceLabels);
            namespaceLabels.put("kubernetes.io/metadata.name", namespace);
            namespaceLabels = Map.copyOf(namespaceLabels);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public static Pod of(String namespace, Map<String, String> labels) {
            return new Pod(namespace, Map.of(), labels);
        }
    }

    private final List<NetworkPolicy> policies;

    public NetworkFlows(List<NetworkPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** Whether {@code from} may open a connection to {@code to} on {@code port}/{@code protocol}. */
    public boolean allows(Pod from, Pod to, String protocol, int port) {
        return egressAllows(from, to, protocol, port) && ingressAllows(from, to, protocol, port);
    }

    private boolean egressAllows(Pod from, Pod to, String protocol, int port) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty()
                || selecting.stream()
                        .anyMatch(p -> p.getSpec().getEgress().stream()
                                .anyMatch(
                                        rule -> peers(rule.getTo(), to, p) && ports(rule.getPorts(), protocol, port)));
    }

    private boolean ingressAllows(Pod from, Pod to, String protocol, int port) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty()
                || selecting.stream()
                        .anyMatch(p -> p.getSpec().getIngress().stream()
                                .anyMatch(rule ->
                                        peers(rule.getFrom(), from, p) && ports(rule.getPorts(), protocol, port)));
    }

    private List<NetworkPolicy> selecting(Pod pod, String type) {
        return policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(pod.namespace()))
                .filter(p -> types(p).contains(type))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    /** policyTypes as Kubernetes defaults them: Ingress always, Egress when the policy has egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return policy.getSpec().getEgress() == null
                        || policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress")
                : List.of("Ingress", "Egress");
    }

    private static boolean peers(List<NetworkPolicyPeer> peers, Pod pod, NetworkPolicy policy) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        return peers.stream().anyMatch(peer -> peer(peer, pod, policy));
    }

    private static boolean peer(NetworkPolicyPeer peer, Pod pod, NetworkPolicy policy) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        boolean namespace = peer.getNamespaceSelector() == null
                ? pod.namespace().equals(policy.getMetadata().getNamespace())
                : matches(peer.getNamespaceSelector(), pod.namespaceLabels());
        boolean pods = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
        return namespace && pods;
    }

    private static boolean ports(List<NetworkPolicyPort> ports, String protocol, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream()
                .anyMatch(p -> (p.getProtocol() == null ? "TCP" : p.getProtocol()).equals(protocol)
                        && (p.getPort() == null
                                || (p.getPort().getIntVal() != null
                                        && (p.getEndPort() == null
                                                ? p.getPort().getIntVal() == port
                                                : p.getPort().getIntVal() <= port && port <= p.getEndPort()))));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("Unknown operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
