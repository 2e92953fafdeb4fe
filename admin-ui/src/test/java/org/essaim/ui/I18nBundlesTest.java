package org.essaim.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every page in French and English, complete: a key missing in one language fails the build. */
class I18nBundlesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9._-]+)");

    @Test
    void englishAndFrenchHaveTheSameKeys() throws IOException {
        Properties english = load("i18n/messages.properties");
        Properties french = load("i18n/messages_fr.properties");

        assertThat(french.stringPropertyNames()).as("keys missing in French")
                .containsAll(english.stringPropertyNames());
        assertThat(english.stringPropertyNames()).as("keys missing in English")
                .containsAll(french.stringPropertyNames());
    }

    @Test
    void noMessageIsBlankAndEveryMessageWithArgumentsParses() throws IOException {
        for (String bundle : new String[] {"i18n/messages.properties", "i18n/messages_fr.properties"}) {
            Properties messages = load(bundle);
            for (String key : messages.stringPropertyNames()) {
                String value = messages.getProperty(key);
                assertThat(value).as(bundle + " " + key).isNotBlank();
                if (value.contains("{0")) {
                    // Throws on a broken pattern, e.g. an unescaped straight apostrophe swallowing an argument.
                    String formatted = new MessageFormat(value, Locale.ROOT).format(new Object[] {1, 2, 3});
                    assertThat(formatted).as(bundle + " " + key + " keeps its text after formatting")
                            .doesNotContain("{0");
                }
            }
        }
    }

    @Test
    void everyKeyUsedByATemplateExistsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher matcher = MESSAGE_KEY.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }
        assertThat(used).as("templates use messages").isNotEmpty();
        assertThat(load("i18n/messages.properties").stringPropertyNames()).containsAll(used);
        assertThat(load("i18n/messages_fr.properties").stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyEmailTemplateHasASubjectInBothLanguages() throws IOException {
        Properties english = load("i18n/messages.properties");
        Properties french = load("i18n/messages_fr.properties");
        try (Stream<Path> files = Files.list(TEMPLATES.resolve("mail"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
                assertThat(english).as("English subject of " + name).containsKey("mail." + name + ".subject");
                assertThat(french).as("French subject of " + name).containsKey("mail." + name + ".subject");
            }
        }
    }

    static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = I18nBundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
