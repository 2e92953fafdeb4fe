package org.essaim.ldap;

/** The embedded directory could not start; the message says why and what to do, in one sentence or two. */
public class EmbeddedDirectoryException extends RuntimeException {

    public EmbeddedDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
