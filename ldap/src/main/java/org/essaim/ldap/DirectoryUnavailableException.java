package org.essaim.ldap;

/** The directory could not be reached or answered with a server-side failure; the operation may be retried. */
public class DirectoryUnavailableException extends RuntimeException {

    private final String url;

    public DirectoryUnavailableException(String url, Throwable cause) {
        super("The directory at " + url + " cannot be reached: " + cause.getMessage(), cause);
        this.url = url;
    }

    public String url() {
        return url;
    }
}
