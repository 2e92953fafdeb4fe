package org.essaim.tenant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a script or configuration file shipped in a ConfigMap the way a reviewer would: which lines run a command of
 * the app, which documentation each cites (a {@code # doc: <url>} line in the comment block just above), and which
 * environment variables it reads.
 */
record DocumentedFile(String name, List<String> lines) {

    static DocumentedFile of(String resource) {
        return new DocumentedFile(resource, Templates.text(resource).lines().toList());
    }

    /** Lines (trimmed) that match the command pattern, outside shell function definitions. */
    List<Command> commands(Pattern command) {
        List<Command> commands = new ArrayList<>();
        boolean inFunction = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.matches("^[a-z_]+\\(\\) \\{$")) {
                inFunction = true;
                continue;
            }
            if (inFunction) {
                inFunction = !line.equals("}");
                continue;
            }
            if (command.matcher(line).find()) {
                commands.add(new Command(i + 1, line, citation(i)));
            }
        }
        return commands;
    }

    /** The {@code doc:} URL in the comment block directly above line {@code index}, or null. */
    private String citation(int index) {
        for (int i = index - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.startsWith("#")) {
                return null;
            }
            Matcher doc = Pattern.compile("^#\\s*doc:\\s*(\\S+)").matcher(line);
            if (doc.find()) {
                return doc.group(1);
            }
        }
        return null;
    }

    /** Names of the environment variables the file reads ({@code $NAME}, {@code ${NAME}}, {@code fetch_env!("NAME")}). */
    Set<String> environmentVariables() {
        Set<String> names = new LinkedHashSet<>();
        Pattern shell = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)\\}?");
        Pattern elixir = Pattern.compile("fetch_env!\\(\"([A-Z][A-Z0-9_]*)\"\\)");
        for (String line : lines) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (Pattern pattern : List.of(shell, elixir)) {
                Matcher matcher = pattern.matcher(line);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    record Command(int line, String text, String documentation) {}
}
