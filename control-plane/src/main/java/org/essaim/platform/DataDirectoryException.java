package org.essaim.platform;

import java.nio.file.Path;

/** The data directory cannot be created or written to. */
public class DataDirectoryException extends RuntimeException {

    private final Path path;

    public DataDirectoryException(Path path, Throwable cause) {
        super(
                "The data directory " + path + " is not writable ("
                        + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")",
                cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
