package org.essaim.provisioner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Every request is also written to {@link KubeRequestLog} (who sent it, method, path, answer), which
 * {@code ShippedRbacAllowsEveryRequestTest} checks against the RBAC that ships.
 *
 * <p>It also counts requests (reads and writes, by method) and records each apply's field manager and force flag,
 * so tests and benchmarks can check what the provisioner sends.
 *
 * <p>{@link #indexed()} makes one more change, for the benchmarks only: the stock dispatcher finds an object by
 * copying and scanning its whole store for every request, which at 10,000 spaces (some 330,000 objects) takes
 * tens of milliseconds per request and hours per pass. The indexed one keeps the same store and answers reads
 * and existence checks of one named object from an index on (api, version, resource, namespace, name), and lists
 * within one namespace from an index on (api, version, resource, namespace), as a real API server does (its keys
 * are prefixed by namespace): the stock list copies and filters the whole store, so one Backup LIST per space and
 * pass cost some 100 ms at 2,000 spaces and made a pass quadratic. Cluster-wide lists, watches, deletes and every
 * write still go through the stock code.
 */
class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    /** The stock store, a LinkedHashMap guarded by the dispatcher's lock, plus an index by object identity. */
    private static final class IndexedStore extends LinkedHashMap<AttributeSet, String> {
        final Map<String, AttributeSet> index = new ConcurrentHashMap<>();
        final Map<String, Set<AttributeSet>> byCollection = new HashMap<>();

        @Override
        public synchronized String put(AttributeSet key, String value) {
            String id = identity(key);
            if (id != null) {
                index.put(id, key);
            }
            String collection = collection(key);
            if (collection != null) {
                byCollection
                        .computeIfAbsent(collection, c -> new LinkedHashSet<>())
                        .add(key);
            }
            return super.put(key, value);
        }

        @Override
        public synchronized String remove(Object key) {
            if (key instanceof AttributeSet attributes) {
                String id = identity(attributes);
                if (id != null && attributes.equals(index.get(id))) {
                    index.remove(id);
                }
                String collection = collection(attributes);
                if (collection != null && byCollection.containsKey(collection)) {
                    byCollection.get(collection).remove(attributes);
                }
            }
            return super.remove(key);
        }

        /** The values of one namespace's objects of one resource that match {@code query}, in store order. */
        synchronized List<String> list(AttributeSet query) {
            List<String> items = new ArrayList<>();
            for (AttributeSet key : byCollection.getOrDefault(collection(query), Set.of())) {
                if (key.matches(query)) {
                    items.add(super.get(key));
                }
            }
            return items;
        }

        @Override
        public synchronized String get(Object key) {
            return super.get(key);
        }

        synchronized Map.Entry<AttributeSet, String> find(AttributeSet query) {
            AttributeSet key = index.get(identity(query));
            String value = key == null ? null : super.get(key);
            return value == null || !key.matches(query) ? null : Map.entry(key, value);
        }
    }

    private static final List<String> IDENTITY = List.of("api", "version", "plural", "namespace", "name");

    private static String identity(AttributeSet attributes) {
        return key(attributes, IDENTITY);
    }

    private static final List<String> COLLECTION = List.of("api", "version", "plural", "namespace");

    /** (api, version, resource, namespace), or null for what is not namespaced. */
    private static String collection(AttributeSet attributes) {
        return attributes.getAttribute("namespace") == null ? null : key(attributes, COLLECTION);
    }

    private static String key(AttributeSet attributes, List<String> names) {
        StringBuilder id = new StringBuilder();
        for (String name : names) {
            Attribute attribute = attributes.getAttribute(name);
            if (attribute == null && (name.equals("name") || name.equals("plural"))) {
                return null;
            }
            id.append(attribute == null ? "" : attribute.getValues().toString()).append('|');
        }
        return id.toString();
    }

    private final IndexedStore store;

    ApplyingCrudDispatcher() {
        this(false);
    }

    private ApplyingCrudDispatcher(boolean indexed) {
        IndexedStore replacement = null;
        if (indexed) {
            try {
                Field field = CrudDispatcher.class.getDeclaredField("map");
                field.setAccessible(true);
                replacement = new IndexedStore();
                for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
                    replacement.put(entry.getKey(), entry.getValue());
                }
                field.set(this, replacement);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot index the mock's store", e);
            }
        }
        this.store = replacement;
    }

    /** The dispatcher with its store indexed: the same answers, at a cost that does not grow with the store. */
    static ApplyingCrudDispatcher indexed() {
        return new ApplyingCrudDispatcher(true);
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        if (store != null && identity(query) != null) {
            return store.find(query);
        }
        return super.findResource(query);
    }

    @Override
    public MockResponse handleGet(String path) {
        if (store != null && !path.contains("?") && !path.endsWith("/status") && !path.endsWith("/scale")) {
            AttributeSet query = getAttributeExtractor().fromPath(path);
            if (identity(query) != null) {
                Map.Entry<AttributeSet, String> found = store.find(query);
                return found == null
                        ? new MockResponse().setResponseCode(404)
                        : new MockResponse().setResponseCode(200).setBody(found.getValue());
            }
        }
        if (store != null && !path.contains("watch=true")) {
            AttributeSet query = getAttributeExtractor().fromPath(path);
            if (query.getAttribute("name") == null
                    && query.getAttribute("plural") != null
                    && collection(query) != null) {
                return new MockResponse()
                        .setResponseCode(200)
                        .setBody(LIST.compose(store.list(query), String.valueOf(resourceVersion())));
            }
        }
        return super.handleGet(path);
    }

    private static final KubernetesResponseComposer LIST = new KubernetesResponseComposer();

    private static final Field RESOURCE_VERSION;

    static {
        try {
            RESOURCE_VERSION = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
            RESOURCE_VERSION.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Cannot find the mock's resourceVersion", e);
        }
    }

    /** The store's current resourceVersion, as the stock list reports it (looked up once, read per list). */
    private long resourceVersion() {
        try {
            return ((AtomicLong) RESOURCE_VERSION.get(this)).get();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read the mock's resourceVersion", e);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    final AtomicLong reads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final Map<String, AtomicLong> byMethod = new ConcurrentHashMap<>();
    final List<Apply> applies = new CopyOnWriteArrayList<>();
    /** Benchmarks count applies without keeping each one. */
    volatile boolean recordApplies = true;

    final AtomicLong appliesNotRecorded = new AtomicLong();

    record Apply(String path, String fieldManager, boolean force) {}

    /** Benchmarks in another process read the counters here; these requests are not counted. */
    static final String COUNTERS_PATH = "/essaim-benchmark/counters";

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith(COUNTERS_PATH)) {
            String counters = "{\"reads\":" + reads.get() + ",\"writes\":" + writes.get() + ",\"post\":"
                    + count("POST") + ",\"put\":" + count("PUT") + ",\"patch\":" + count("PATCH") + ",\"delete\":"
                    + count("DELETE") + ",\"applies\":" + (applies.size() + appliesNotRecorded.get()) + "}";
            if (request.getPath().contains("reset=true")) {
                resetCounts();
            }
            return new MockResponse().setResponseCode(200).setBody(counters);
        }
        String method = request.getMethod();
        boolean watch = request.getPath().contains("watch=true");
        if (!watch) {
            byMethod.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
            (method.equals("GET") ? reads : writes).incrementAndGet();
        }
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes(); // dispatch consumes it
        MockResponse response = super.dispatch(request);
        KubeRequestLog.record(request, body, response.code());
        return response;
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.contains("apply-patch")) {
            return super.handlePatch(request);
        }
        String[] pathAndQuery = request.getPath().split("\\?", 2);
        String path = pathAndQuery[0];
        Map<String, String> query = RbacRequest.query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
        if (recordApplies) {
            applies.add(new Apply(path, query.get("fieldManager"), "true".equals(query.get("force"))));
        } else {
            appliesNotRecorded.incrementAndGet();
        }
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
            JsonNode applied = JSON.readTree(body);
            if (path.contains("/secrets/") && applied.has("data")) {
                // A Secret's keys all belong to the provisioner, its one manager: the real API removes a key it
                // stops applying (a rotation's previous client secret), so the applied data replaces the live one.
                live.remove("data");
            }
            merge(live, applied);
            return handleUpdate(request(HttpMethod.PUT, path, JSON.writeValueAsString(live)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        return new RecordedRequest(
                "HTTP/1.1",
                method,
                path,
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

    long count(String method) {
        AtomicLong count = byMethod.get(method);
        return count == null ? 0 : count.get();
    }

    void resetCounts() {
        reads.set(0);
        writes.set(0);
        byMethod.clear();
        applies.clear();
        appliesNotRecorded.set(0);
    }
}
