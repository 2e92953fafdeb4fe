package org.essaim.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page in French and English, complete: a key missing in one language fails the build. Messages are split
 * into one bundle per area ({@code i18n/<area>.properties} and {@code i18n/<area>_fr.properties}); each pair must
 * match, no key may live in two areas, and the control plane must load every area.
 */
class I18nBundlesTest {

    private static final Path BUNDLES = Path.of("src/main/resources/i18n");
    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Path CONTROL_PLANE_SETTINGS = Path.of("../control-plane/src/main/resources/application.yml");
    private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([A-Za-z0-9._-]+)");

    @Test
    void everyAreaHasTheSameKeysInEnglishAndFrench() throws IOException {
        for (String area : areas()) {
            Set<String> english = load(area, "").stringPropertyNames();
            Set<String> french = load(area, "_fr").stringPropertyNames();
            assertThat(french).as("keys of " + area + " missing in French").containsAll(english);
            assertThat(english).as("keys of " + area + " missing in English").containsAll(french);
        }
    }

    @Test
    void noKeyIsDefinedInTwoAreas() throws IOException {
        Map<String, String> owner = new HashMap<>();
        for (String area : areas()) {
            for (String key : load(area, "").stringPropertyNames()) {
                String previous = owner.put(key, area);
                assertThat(previous)
                        .as(key + " is in both " + previous + " and " + area)
                        .isNull();
            }
        }
    }

    @Test
    void theControlPlaneLoadsEveryArea() throws IOException {
        String settings = Files.readString(CONTROL_PLANE_SETTINGS, StandardCharsets.UTF_8);
        Matcher basename = Pattern.compile("(?m)^\\s*basename:\\s*(\\S+)\\s*$").matcher(settings);
        assertThat(basename.find())
                .as("spring.messages.basename in " + CONTROL_PLANE_SETTINGS)
                .isTrue();
        Set<String> loaded = new TreeSet<>(List.of(basename.group(1).split(",")));
        for (String area : areas()) {
            assertThat(loaded).as("spring.messages.basename lists " + area).contains("i18n/" + area);
        }
    }

    @Test
    void noMessageIsBlankAndEveryMessageWithArgumentsParses() throws IOException {
        for (String area : areas()) {
            for (String language : new String[] {"", "_fr"}) {
                Properties messages = load(area, language);
                String bundle = area + language;
                for (String key : messages.stringPropertyNames()) {
                    String value = messages.getProperty(key);
                    assertThat(value).as(bundle + " " + key).isNotBlank();
                    if (value.contains("{0")) {
                        // Throws on a broken pattern, e.g. an unescaped straight apostrophe swallowing an argument.
                        // Counted words use ICU's plural rules (the control plane's PluralMessageSource).
                        Locale locale = language.isEmpty() ? Locale.ENGLISH : Locale.FRENCH;
                        // Chosen words ("select") too; their arguments are words, the others numbers.
                        String formatted = value.contains(", plural,") || value.contains(", select,")
                                ? new com.ibm.icu.text.MessageFormat(value, locale).format(icuArguments(value))
                                : new MessageFormat(value, Locale.ROOT).format(icuArguments(""));
                        assertThat(formatted)
                                .as(bundle + " " + key + " takes every argument it names")
                                .doesNotContainPattern("\\{\\d");
                    }
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
        assertThat(all("").stringPropertyNames()).containsAll(used);
        assertThat(all("_fr").stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyEmailTemplateHasASubjectInBothLanguages() throws IOException {
        Properties english = all("");
        Properties french = all("_fr");
        try (Stream<Path> files = Files.list(TEMPLATES.resolve("mail"))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
                assertThat(english).as("English subject of " + name).containsKey("mail." + name + ".subject");
                assertThat(french).as("French subject of " + name).containsKey("mail." + name + ".subject");
            }
        }
    }

    /** The areas: every {@code i18n/<area>.properties} (the English half of each pair). */
    static List<String> areas() throws IOException {
        try (Stream<Path> files = Files.list(BUNDLES)) {
            List<String> areas = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".properties") && !name.contains("_"))
                    .map(name -> name.substring(0, name.length() - ".properties".length()))
                    .sorted()
                    .toList();
            assertThat(areas).contains("messages");
            return areas;
        }
    }

    /** Every area's messages in one language ({@code ""} for English, {@code "_fr"} for French). */
    static Properties all(String language) throws IOException {
        Properties all = new Properties();
        for (String area : areas()) {
            all.putAll(load(area, language));
        }
        return all;
    }

    static Properties load(String area, String language) throws IOException {
        Path file = BUNDLES.resolve(area + language + ".properties");
        assertThat(file)
                .as("the " + (language.isEmpty() ? "English" : "French") + " half of " + area)
                .exists();
        Properties properties = new Properties();
        try (var in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    /** Ten arguments (the most a message takes): a word for each one a "select" chooses by, a number for the others. */
    private static Object[] icuArguments(String pattern) {
        Object[] arguments = new Object[10];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = pattern.contains("{" + i + ", select,") ? "unlisted" : (Object) (i + 1);
        }
        return arguments;
    }
}
