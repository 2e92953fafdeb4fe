package org.essaim.member;

import org.essaim.web.ConflictException;

import java.util.LinkedHashMap;
import java.util.Map;

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

    @Override
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("placesLeft", left);
        properties.put("placesAsked", asked);
        return properties;
    }

    public int left() {
        return left;
    }

    public int asked() {
        return asked;
    }
}
