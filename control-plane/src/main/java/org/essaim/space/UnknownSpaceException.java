package org.essaim.space;

import org.essaim.web.NotFoundException;

/** No space by that address (or it was erased): a 404 for whoever asked, problem+json under the API. */
public class UnknownSpaceException extends NotFoundException {

    public UnknownSpaceException(String slug) {
        super("No space " + slug);
    }
}
