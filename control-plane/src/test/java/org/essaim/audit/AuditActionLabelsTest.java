package org.essaim.audit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff read the audit log in their language: every action needs a label in both bundles. */
class AuditActionLabelsTest {

    @Test
    void everyAuditActionHasAnEnglishAndAFrenchLabel() throws IOException {
        Properties english = bundle("i18n/messages.properties");
        Properties french = bundle("i18n/messages_fr.properties");

        for (AuditAction action : AuditAction.values()) {
            assertThat(english.getProperty(action.messageKey())).as("English label of " + action).isNotBlank();
            assertThat(french.getProperty(action.messageKey())).as("French label of " + action).isNotBlank();
        }
        assertThat(english.getProperty("audit.actor.system")).isNotBlank();
        assertThat(french.getProperty("audit.actor.system")).isNotBlank();
    }

    private static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (var in = AuditActionLabelsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
