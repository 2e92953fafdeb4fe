package org.essaim.web;

/** Too many attempts from one address in the current hour: 429 for the API, an explanation on pages. */
public class TooManyRequestsException extends RuntimeException {

    public TooManyRequestsException() {
        super("too many attempts from this address");
    }
}
