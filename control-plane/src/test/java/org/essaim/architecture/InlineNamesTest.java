package org.essaim.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Types are imported, not written out in full in the middle of code (issue 14, item 7). Comments, strings and the
 * import and package lines are not code; a name that clashes with an imported one may stay qualified when written
 * down here.
 */
class InlineNamesTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES =
            List.of("control-plane", "provisioner", "ldap", "tenant-templates", "admin-ui");

    /** A package path of lower-case segments, then a type name: {@code java.util.List}, {@code org.essaim.db.Tables}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.@])((?:java|javax|jakarta|org|com|io|tools)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z]\\w*)");

    /** Qualified on purpose ("file name"), each with its reason. */
    private static final List<String> ALLOWED = List.of(
            // ICU's MessageFormat beside java.text's, which the same test uses: the JDK's is the imported one.
            "admin-ui/src/test/java/org/essaim/ui/I18nBundlesTest.java com.ibm.icu.text.MessageFormat");

    @Test
    void codeImportsItsTypesInsteadOfQualifyingThemInline() {
        List<String> found = new ArrayList<>();
        for (Path source : sources()) {
            String code = withoutCommentsAndStrings(read(source));
            int lineNumber = 0;
            for (String line : code.split("\n", -1)) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.startsWith("import ") || trimmed.startsWith("package ")) {
                    continue;
                }
                Matcher matcher = QUALIFIED.matcher(line);
                while (matcher.find()) {
                    String file = REPOSITORY.relativize(source).toString().replace('\\', '/');
                    if (!ALLOWED.contains(file + " " + matcher.group(1))) {
                        found.add(file + ":" + lineNumber + " " + matcher.group(1));
                    }
                }
            }
        }
        assertThat(found).as("types written out in full in code (import them)").isEmpty();
    }

    @Test
    void theCheckSeesAQualifiedNameAndNothingInCommentsOrStrings() {
        String code = withoutCommentsAndStrings("""
                /** see java.util.List */
                var list = new java.util.ArrayList<String>(); // java.util.Map
                String text = "java.util.Set";
                """);
        List<String> matches =
                QUALIFIED.matcher(code).results().map(result -> result.group(1)).toList();
        assertThat(matches).containsExactly("java.util.ArrayList");
    }

    private static List<Path> sources() {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            Path src = REPOSITORY.resolve(module).resolve("src");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(sources).as("Java sources under " + REPOSITORY).hasSizeGreaterThan(100);
        return sources;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blanks comments, string and character literals (text blocks too), keeping line breaks so lines still count. */
    static String withoutCommentsAndStrings(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                while (i < code.length() && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                end = end < 0 ? code.length() : end + 2;
                blank(code, i, end, out);
                i = end;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                end = end < 0 ? code.length() : end + 3;
                blank(code, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < code.length() && code.charAt(end) != c && code.charAt(end) != '\n') {
                    end += code.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(code.length(), end + 1);
                blank(code, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String code, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(code.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
