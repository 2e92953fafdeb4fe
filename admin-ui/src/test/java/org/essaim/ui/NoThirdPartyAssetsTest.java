package org.essaim.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** No request to any third-party host: no CDN, fonts or analytics in any template or stylesheet. */
class NoThirdPartyAssetsTest {

    /** Absolute or protocol-relative URLs in attributes that make the browser fetch or post somewhere. */
    private static final Pattern EXTERNAL_REFERENCE =
            Pattern.compile("(?i)(src|href|action|srcset|poster|data|formaction)\\s*=\\s*[\"']\\s*(https?:)?//");

    private static final Pattern CSS_EXTERNAL = Pattern.compile("(?i)(url\\(\\s*[\"']?\\s*(https?:)?//|@import)");

    @Test
    void templatesReferenceOnlyTheirOwnHost() throws IOException {
        assertThat(offending(Path.of("src/main/resources/templates"), EXTERNAL_REFERENCE))
                .isEmpty();
    }

    @Test
    void stylesheetsLoadNothingFromElsewhere() throws IOException {
        assertThat(offending(Path.of("src/main/resources/static"), CSS_EXTERNAL))
                .isEmpty();
    }

    @Test
    void theCheckRecognisesAnExternalScript() {
        assertThat(EXTERNAL_REFERENCE
                        .matcher("<script src=\"https://cdn.example.org/x.js\">")
                        .find())
                .isTrue();
        assertThat(EXTERNAL_REFERENCE
                        .matcher("<link href='//fonts.example.org/f.css'>")
                        .find())
                .isTrue();
        assertThat(EXTERNAL_REFERENCE
                        .matcher("<link th:href=\"@{/css/essaim.css}\">")
                        .find())
                .isFalse();
    }

    private static List<String> offending(Path root, Pattern pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    found.add(
                            file + ": " + text.substring(matcher.start(), Math.min(text.length(), matcher.end() + 40)));
                }
            }
        }
        return found;
    }
}
