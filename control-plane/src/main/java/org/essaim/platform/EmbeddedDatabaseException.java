package org.essaim.platform;

/** The embedded PostgreSQL could not start; the message says why and what to do. */
public class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
