package org.essaim.audit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff read the audit log in their language: every action needs a label in both bundles. */
class AuditActionLabelsTest {

    @Test
    void everyAuditActionHasAnEnglishAndAFrenchLabel() throws IOException {
        Properties english = bundles("");
        Properties french = bundles("_fr");

        for (AuditAction action : AuditAction.values()) {
            assertThat(english.getProperty(action.messageKey()))
                    .as("English label of " + action)
                    .isNotBlank();
            assertThat(french.getProperty(action.messageKey()))
                    .as("French label of " + action)
                    .isNotBlank();
        }
        assertThat(english.getProperty("audit.actor.system")).isNotBlank();
        assertThat(french.getProperty("audit.actor.system")).isNotBlank();
    }

    /** Every area's bundle the control plane loads ({@code spring.messages.basename}), in one language. */
    private static Properties bundles(String language) throws IOException {
        Properties properties = new Properties();
        for (String basename : basenames()) {
            String name = basename + language + ".properties";
            try (var in = AuditActionLabelsTest.class.getClassLoader().getResourceAsStream(name)) {
                assertThat(in).as(name).isNotNull();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return properties;
    }

    private static String[] basenames() throws IOException {
        try (var in = AuditActionLabelsTest.class.getClassLoader().getResourceAsStream("application.yml")) {
            assertThat(in).isNotNull();
            Map<String, Object> settings = new Yaml().load(in);
            Object basename = ((Map<?, ?>) ((Map<?, ?>) settings.get("spring")).get("messages")).get("basename");
            return basename.toString().split(",");
        }
    }
}
