package org.essaim.platform;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every essaim.* setting is documented from the code: the configuration processor writes each settings class's keys,
 * defaults and javadoc into META-INF/spring-configuration-metadata.json. application.yml cannot name a key the code
 * does not read, nor one without a description, nor write a default a second time.
 */
class SettingsMetadataTest {

    @Test
    void everyEssaimKeyOfApplicationYmlIsDocumentedAndWritesNoDefaultTwice() throws IOException {
        Map<String, JsonNode> documented = essaimMetadata();
        Map<String, Object> written = essaimKeysOfApplicationYml();

        assertThat(written).isNotEmpty();
        assertThat(documented.keySet()).as("keys in the configuration metadata").containsAll(written.keySet());
        written.forEach((key, value) -> {
            JsonNode property = documented.get(key);
            assertThat(property.path("description").asString(""))
                    .as(key + "'s description")
                    .isNotBlank();
            assertThat(property.has("defaultValue"))
                    .as(key + " is set in application.yml and defaulted in its class")
                    .isFalse();
        });
    }

    @Test
    void everyEssaimSettingHasADescription() throws IOException {
        assertThat(essaimMetadata())
                .hasSizeGreaterThan(60)
                .allSatisfy((key, property) -> assertThat(
                                property.path("description").asString(""))
                        .as(key + "'s description")
                        .isNotBlank());
    }

    /** Essaim's own metadata: the file of the class path entry holding Essaim's classes, not a library's. */
    static Map<String, JsonNode> essaimMetadata() throws IOException {
        Map<String, JsonNode> properties = new TreeMap<>();
        for (URL url : Collections.list(SettingsMetadataTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property :
                        JsonMapper.builder().build().readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("essaim.")
                            && property.path("sourceType").asString("").startsWith("org.essaim.")) {
                        properties.put(name, property);
                    }
                }
            }
        }
        return properties;
    }

    private static Map<String, Object> essaimKeysOfApplicationYml() throws IOException {
        try (InputStream in = SettingsMetadataTest.class.getClassLoader().getResourceAsStream("application.yml")) {
            Map<String, Object> yaml = new Yaml().load(in);
            Map<String, Object> keys = new LinkedHashMap<>();
            flatten("", yaml, keys);
            keys.keySet().removeIf(key -> !key.startsWith("essaim."));
            return keys;
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> keys) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, keys);
            } else {
                keys.put(name, value);
            }
        });
    }
}
