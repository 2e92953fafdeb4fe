package org.essaim.space;

import org.essaim.space.resource.OfficeSuite;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/**
 * The office suites this platform runs ({@link OfficeSettings}): the only ones a space may choose.
 */
@Component
public class OfficeOffer {

    private final List<OfficeSuite> suites;

    public OfficeOffer(OfficeSettings settings) {
        this.suites = List.copyOf(settings.offered());
    }

    /** The suites offered, in {@link OfficeSuite} order. */
    public List<OfficeSuite> suites() {
        return Arrays.stream(OfficeSuite.values()).filter(suites::contains).toList();
    }

    public boolean offers(OfficeSuite suite) {
        return suites.contains(suite);
    }
}
