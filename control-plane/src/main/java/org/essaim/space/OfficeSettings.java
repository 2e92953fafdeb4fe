package org.essaim.space;

import org.essaim.platform.InvalidSetting;
import org.essaim.space.resource.OfficeSuite;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code essaim.office.*}.
 *
 * @param suites the office suites the platform runs, comma-separated (COLLABORA, ONLYOFFICE): a space admin may
 *               choose only these. The Helm chart sets it (ESSAIM_OFFICE_SUITES) from its office.* values, the same
 *               servers it tells the provisioner about
 */
@ConfigurationProperties("essaim.office")
public record OfficeSettings(
        @DefaultValue({"COLLABORA", "ONLYOFFICE"}) List<String> suites) {

    public OfficeSettings {
        suites = suites == null ? List.of() : List.copyOf(suites);
        offered(suites);
    }

    /** The suites named, each once, in the order written. */
    List<OfficeSuite> offered() {
        return offered(suites);
    }

    private static List<OfficeSuite> offered(List<String> names) {
        List<OfficeSuite> offered = new ArrayList<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            try {
                offered.add(OfficeSuite.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw new InvalidSetting(
                        "essaim.office.suites",
                        "names " + name + ", which is not an office suite (one" + " of " + List.of(OfficeSuite.values())
                                + ")");
            }
        }
        if (offered.isEmpty()) {
            throw new InvalidSetting(
                    "essaim.office.suites", "names no suite; Collabora Online at least is part of" + " every platform");
        }
        return offered;
    }
}
