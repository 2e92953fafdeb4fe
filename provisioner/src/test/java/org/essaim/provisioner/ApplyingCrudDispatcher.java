package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fabric8's CRUD mock API server, plus the one thing it lacks: server-side apply. Its CRUD dispatcher answers an
 * {@code application/apply-patch+yaml} PATCH with 415 Unsupported Media Type, and any PATCH of a missing object with
 * 404 (fabric8io/kubernetes-client#5337, #5360; ServerSideApplyOnTheMockTest shows both). Here an apply creates the
 * object when it is missing and merges into it otherwise (a JSON merge patch): what the provisioner relies on. Field
 * ownership, conflicts and the removal of fields a manager stopped applying are not emulated: those are the real API
 * server's, and tested nowhere here.
 *
 * <p>It also counts requests (reads and writes, by method) and records each apply's field manager and force flag,
 * so tests and benchmarks can check what the provisioner sends.
 */
class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    final AtomicLong reads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final Map<String, AtomicLong> byMethod = new ConcurrentHashMap<>();
    final List<Apply> applies = new CopyOnWriteArrayList<>();

    record Apply(String path, String fieldManager, boolean force) {
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String method = request.getMethod();
        boolean watch = request.getPath().contains("watch=true");
        if (!watch) {
            byMethod.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
            (method.equals("GET") ? reads : writes).incrementAndGet();
        }
        return super.dispatch(request);
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.contains("apply-patch")) {
            return super.handlePatch(request);
        }
        String[] pathAndQuery = request.getPath().split("\\?", 2);
        String path = pathAndQuery[0];
        Map<String, String> query = query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
        applies.add(new Apply(path, query.get("fieldManager"), "true".equals(query.get("force"))));
        String body;
        try {
            JsonNode object = YAML.readTree(request.getBody().readUtf8());
            body = JSON.writeValueAsString(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MockResponse existing = handleGet(path);
        if (existing.code() == 404) {
            String collection = path.substring(0, path.lastIndexOf('/'));
            return handleCreate(request(HttpMethod.POST, collection, body));
        }
        try {
            // The applied fields over the live object, lists replaced whole (what the provisioner's own, complete
            // objects need); the live resource version is kept so the update is accepted.
            ObjectNode live = (ObjectNode) JSON.readTree(existing.getBody().readUtf8());
            merge(live, JSON.readTree(body));
            return handleUpdate(request(HttpMethod.PUT, path, JSON.writeValueAsString(live)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        return new RecordedRequest("HTTP/1.1", method, path,
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 7386: objects merged key by key, anything else (lists included) replaced, null removes. */
    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode current = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && current instanceof ObjectNode object) {
                merge(object, value);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new ConcurrentHashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    long count(String method) {
        AtomicLong count = byMethod.get(method);
        return count == null ? 0 : count.get();
    }

    void resetCounts() {
        reads.set(0);
        writes.set(0);
        byMethod.clear();
        applies.clear();
    }
}
