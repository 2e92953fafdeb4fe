package org.essaim.member;

import org.essaim.web.ConflictException;

/**
 * The space's account limit would be exceeded: nothing was written. Carries how many places are left, for the page
 * ("2 places left") and the API (409 with {@code placesLeft}).
 */
public class NoPlacesLeftException extends ConflictException {

    private final int left;
    private final int asked;

    public NoPlacesLeftException(int left, int asked) {
        super("no-places-left", left, asked);
        this.left = left;
        this.asked = asked;
    }

    public int left() {
        return left;
    }

    public int asked() {
        return asked;
    }
}
