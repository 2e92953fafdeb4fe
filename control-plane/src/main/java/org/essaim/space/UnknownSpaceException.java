package org.essaim.space;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No space by that address (or it was erased): a 404 for whoever asked. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class UnknownSpaceException extends RuntimeException {

    public UnknownSpaceException(String slug) {
        super("No space " + slug);
    }
}
