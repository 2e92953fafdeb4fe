package org.essaim.provisioner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every request the tests' mock API servers answer, one JSON line each in
 * {@code target/kube-requests/requests-<pid>.jsonl}: who sent it (the bearer token, see {@link MockCluster}),
 * method, path with its query, content type, the answer's status, and the body of RBAC writes (a RoleBinding the
 * provisioner makes grants it rights in that namespace). {@code ShippedRbacAllowsEveryRequestTest}, run by
 * {@code ./mvnw verify} after every other test of the module, checks each against the RBAC that ships.
 *
 * <p>Only written when the system property {@value #DIRECTORY} names a directory (Surefire sets it); the
 * benchmarks' mock server in its own JVM records nothing.
 */
final class KubeRequestLog {

    static final String DIRECTORY = "essaim.kube-requests.dir";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object LOCK = new Object();

    private KubeRequestLog() {}

    static void record(RecordedRequest request, byte[] body, int status) {
        String directory = System.getProperty(DIRECTORY);
        if (directory == null || directory.isBlank()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("actor", actor(request.getHeader("Authorization")));
        line.put("server", String.valueOf(request.getHeader("Host")));
        line.put("method", request.getMethod());
        line.put("path", request.getPath());
        line.put("contentType", request.getHeader("Content-Type"));
        line.put("status", status);
        line.put("test", System.getProperty("essaim.kube-requests.test", ""));
        if (request.getPath().startsWith("/apis/rbac.authorization.k8s.io/")
                && !"GET".equals(request.getMethod())
                && body.length > 0) {
            line.put("body", new String(body, StandardCharsets.UTF_8));
        }
        try {
            String text = JSON.writeValueAsString(line) + "\n";
            Path file = Path.of(directory)
                    .resolve("requests-" + ProcessHandle.current().pid() + ".jsonl");
            synchronized (LOCK) {
                Files.createDirectories(file.getParent());
                Files.writeString(
                        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bearer token the client sent, which {@link MockCluster} sets to the name of the service account. */
    static String actor(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "anonymous";
        }
        String token = authorization.substring("Bearer ".length());
        return token.equals("secret") ? MockCluster.TEST_ACTOR : token;
    }
}
