package org.essaim.provisioner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request to the API server as Kubernetes' authorizer sees it (k8s.io/apiserver's RequestInfoFactory): the verb
 * from the method (GET of one object get, of a collection list, with {@code watch=true} watch; POST create, PUT
 * update, PATCH patch, DELETE of one delete, of a collection deletecollection), API group, namespace, resource,
 * subresource and name. A server-side apply that creates its object (the answer is 201) is also authorized as create
 * (the API server's patch handler checks create before creating), so it needs both verbs.
 *
 * @param verbs one verb, or patch and create for an apply that created
 * @param nonResourcePath the path when it names no resource ({@code /version}, {@code /apis}); null otherwise
 */
record RbacRequest(
        Set<String> verbs,
        String group,
        String namespace,
        String resource,
        String subresource,
        String name,
        String nonResourcePath) {

    static RbacRequest of(String method, String pathAndQuery, String contentType, int status) {
        String[] split = pathAndQuery.split("\\?", 2);
        String path = split[0];
        Map<String, String> query = query(split.length > 1 ? split[1] : "");
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        int start;
        String group;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            start = 2;
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            start = 3;
        } else {
            return new RbacRequest(Set.of(method.toLowerCase()), null, null, null, null, null, path);
        }
        List<String> rest = parts.subList(start, parts.size());
        if (rest.isEmpty()) {
            return new RbacRequest(Set.of(method.toLowerCase()), null, null, null, null, null, path);
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        if (namespace == null && resource.equals("namespaces") && name != null) {
            namespace = name; // as the API server does: a namespace is in itself
        }
        boolean watch = "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
        String selector = query.getOrDefault("fieldSelector", "");
        if (name == null && selector.startsWith("metadata.name=") && !selector.contains(",")) {
            name = selector.substring("metadata.name=".length()); // list/watch of one object carries its name
        }
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : rest.size() > 1 ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> rest.size() > 1 ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        Set<String> verbs =
                verb.equals("patch") && contentType != null && contentType.contains("apply-patch") && status == 201
                        ? Set.of("patch", "create")
                        : Set.of(verb);
        return new RbacRequest(verbs, group, namespace, resource, subresource, name, null);
    }

    boolean isResource() {
        return nonResourcePath == null;
    }

    /** As written in rules: {@code resource} or {@code resource/subresource}. */
    String ruleResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    /** A request's query parameters, decoded (the mock's dispatcher reads them too). */
    static Map<String, String> query(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                values.put(
                        URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public String toString() {
        if (!isResource()) {
            return verbs + " " + nonResourcePath;
        }
        return verbs + " " + (group.isEmpty() ? "core" : group) + " " + ruleResource()
                + (name == null ? "" : " " + name) + (namespace == null ? " (cluster)" : " in " + namespace);
    }
}
