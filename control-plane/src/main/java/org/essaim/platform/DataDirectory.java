package org.essaim.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local default keeps everything: database, directory, generated files. Checked once at start. */
public final class DataDirectory {

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /** @throws DataDirectoryException when the folder cannot be created or written to */
    public static DataDirectory prepare(Path configured) {
        Path root = configured.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new DataDirectoryException(root, e);
        }
        return new DataDirectory(root);
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
