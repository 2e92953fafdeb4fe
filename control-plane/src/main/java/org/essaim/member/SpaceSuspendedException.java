package org.essaim.member;

import org.essaim.web.ConflictException;

/**
 * The space is suspended by staff: it takes no writes (nothing was changed). The API answers 409 problem+json with
 * {@code type} {@code https://essaim.org/problems/space-suspended}; pages say why in the reader's language.
 */
public class SpaceSuspendedException extends ConflictException {

    public static final String CODE = "space-suspended";

    public SpaceSuspendedException(String slug) {
        super(CODE, slug);
    }
}
