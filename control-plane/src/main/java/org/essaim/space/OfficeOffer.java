package org.essaim.space;

import org.essaim.space.resource.OfficeSuite;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The office suites this platform runs ({@code essaim.office.suites}; the Helm chart sets it from its
 * {@code office.*} values, the same servers it tells the provisioner about): the only ones a space may choose.
 */
@Component
public class OfficeOffer {

    private final List<OfficeSuite> suites;

    public OfficeOffer(@Value("${essaim.office.suites:COLLABORA,ONLYOFFICE}") List<String> suites) {
        List<OfficeSuite> offered = new ArrayList<>();
        for (String name : suites) {
            if (name.isBlank()) {
                continue;
            }
            try {
                offered.add(OfficeSuite.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalStateException("essaim.office.suites: " + name + " is not an office suite (one of "
                        + List.of(OfficeSuite.values()) + ")");
            }
        }
        if (offered.isEmpty()) {
            throw new IllegalStateException("essaim.office.suites names no suite; Collabora Online at least is "
                    + "part of every platform");
        }
        this.suites = List.copyOf(offered);
    }

    /** The suites offered, in {@link OfficeSuite} order. */
    public List<OfficeSuite> suites() {
        return java.util.Arrays.stream(OfficeSuite.values()).filter(suites::contains).toList();
    }

    public boolean offers(OfficeSuite suite) {
        return suites.contains(suite);
    }
}
