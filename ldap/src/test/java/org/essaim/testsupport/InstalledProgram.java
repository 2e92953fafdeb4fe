package org.essaim.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a program installed on this machine. Debian puts daemons such as slapd in /usr/sbin, which is not on a
 * regular user's PATH, so /usr/sbin and /usr/bin are searched after PATH.
 */
public final class InstalledProgram {

    private static final List<Path> ALWAYS_SEARCHED = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"));

    private InstalledProgram() {}

    /** An absolute path is taken as is; a bare name is looked up in PATH, then /usr/sbin and /usr/bin. */
    public static Optional<Path> find(String program) {
        if (program.contains("/")) {
            return executable(Path.of(program));
        }
        for (Path directory : searchPath()) {
            Optional<Path> found = executable(directory.resolve(program));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but fails with the name of the Debian package to install. */
    public static Path require(String program, String debianPackages) {
        return find(program)
                .orElseThrow(() ->
                        new IllegalStateException(program + " not installed (apt-get install " + debianPackages + ")"));
    }

    private static List<Path> searchPath() {
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    try {
                        directories.add(Path.of(entry));
                    } catch (InvalidPathException ignored) {
                        // A malformed PATH entry cannot hold the program; the others still can.
                    }
                }
            }
        }
        directories.addAll(ALWAYS_SEARCHED);
        return directories;
    }

    private static Optional<Path> executable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate)
                : Optional.empty();
    }
}
