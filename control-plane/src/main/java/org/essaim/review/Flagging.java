package org.essaim.review;

import org.essaim.application.ApplicationConfirmed;
import org.essaim.application.ApplicationDetails;
import org.essaim.application.ApplicationSettings;
import org.essaim.application.Applications;
import org.essaim.application.OrganisationKind;
import org.essaim.space.Resemblance;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.resource.SpaceSlug;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Works out an application's flags and their reasons. Done when the application enters the queue (and for the
 * applications it resembles, which now resemble it too), and again whenever a reviewer opens it, so the queue's
 * flag filter follows what changed since (a space taking the address, a look-alike arriving).
 */
@Service
public class Flagging {

    /** Words in a name that point to an organisation Essaim does not host, by what they point to. */
    static final Map<String, String> EXCLUDED_WORDS = Map.ofEntries(
            Map.entry("sarl", "company"),
            Map.entry("sas", "company"),
            Map.entry("sasu", "company"),
            Map.entry("eurl", "company"),
            Map.entry("gmbh", "company"),
            Map.entry("ltd", "company"),
            Map.entry("llc", "company"),
            Map.entry("inc", "company"),
            Map.entry("entreprise", "company"),
            Map.entry("company", "company"),
            Map.entry("startup", "company"),
            Map.entry("ecole", "school"),
            Map.entry("lycee", "school"),
            Map.entry("college", "school"),
            Map.entry("universite", "school"),
            Map.entry("school", "school"),
            Map.entry("university", "school"),
            Map.entry("academy", "school"),
            Map.entry("mairie", "townHall"),
            Map.entry("commune", "townHall"),
            Map.entry("municipalite", "townHall"),
            Map.entry("townhall", "townHall"),
            Map.entry("municipality", "townHall"),
            Map.entry("prefecture", "townHall"));

    private final Applications applications;
    private final SpaceRegistry spaces;
    private final ApplicationSettings settings;

    Flagging(Applications applications, SpaceRegistry spaces, ApplicationSettings settings) {
        this.applications = applications;
        this.spaces = spaces;
        this.settings = settings;
    }

    public List<FlagFinding> inspect(ApplicationDetails application) {
        List<FlagFinding> findings = new ArrayList<>();
        if (application.kind() == OrganisationKind.OTHER) {
            findings.add(FlagFinding.of(Flag.EXCLUDED_KIND, "flag.reason.kindOther"));
        }
        for (String word : Resemblance.fold(application.organisationName()).split("[^\\p{L}\\p{N}]+")) {
            String points = EXCLUDED_WORDS.get(word);
            if (points != null) {
                findings.add(FlagFinding.of(Flag.EXCLUDED_KIND, "flag.reason.word." + points, word));
            }
        }
        if (application.memberCount() > settings.memberThreshold()) {
            findings.add(FlagFinding.of(
                    Flag.MANY_MEMBERS, "flag.reason.members", application.memberCount(), settings.memberThreshold()));
        }
        if (application.annualBudget() > settings.budgetThreshold()) {
            findings.add(FlagFinding.of(
                    Flag.HIGH_BUDGET, "flag.reason.budget", application.annualBudget(), settings.budgetThreshold()));
        }
        for (Applications.Likeness other : applications.resembling(
                application.organisationName(),
                application.contactEmail(),
                application.officialIdentifier(),
                application.id())) {
            String label = "#" + other.id() + " " + other.organisationName();
            if (other.sameIdentifier()) {
                findings.add(FlagFinding.of(
                        Flag.SIMILAR_IDENTIFIER, "flag.reason.identifier.application", label, other.id()));
            }
            if (other.sameEmail()) {
                findings.add(FlagFinding.of(Flag.SIMILAR_EMAIL, "flag.reason.email.application", label, other.id()));
            }
            if (other.closeName()) {
                findings.add(FlagFinding.of(Flag.SIMILAR_NAME, "flag.reason.name.application", label, other.id()));
            }
        }
        for (SpaceRegistry.Likeness other : spaces.resembling(
                application.organisationName(),
                application.contactEmail(),
                application.officialIdentifier(),
                application.id())) {
            String label = other.space().displayName() + " (" + other.space().slug() + ")";
            if (other.sameIdentifier()) {
                findings.add(FlagFinding.of(Flag.SIMILAR_IDENTIFIER, "flag.reason.identifier.space", label));
            }
            if (other.sameEmail()) {
                findings.add(FlagFinding.of(Flag.SIMILAR_EMAIL, "flag.reason.email.space", label));
            }
            if (other.closeName()) {
                findings.add(FlagFinding.of(Flag.SIMILAR_NAME, "flag.reason.name.space", label));
            }
        }
        spaces.findBySlug(application.slug())
                .filter(space -> space.applicationId() == null || space.applicationId() != application.id())
                .ifPresent(space -> findings.add(
                        FlagFinding.of(Flag.SLUG_TAKEN, "flag.reason.slugTaken", space.slug(), space.displayName())));
        List<String> slugProblems = SpaceSlug.problems(application.slug());
        if (!slugProblems.isEmpty()) {
            findings.add(FlagFinding.of(
                    Flag.SLUG_INVALID, "flag.reason.slugInvalid", application.slug(), String.join("; ", slugProblems)));
        }
        return findings;
    }

    /** Inspects and stores the flags of one application; returns the findings. */
    public List<FlagFinding> refresh(ApplicationDetails application) {
        List<FlagFinding> findings = inspect(application);
        applications.replaceFlags(application.id(), flagNames(findings));
        return findings;
    }

    static Set<String> flagNames(List<FlagFinding> findings) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        findings.forEach(finding -> flags.add(finding.flag()));
        return flags.stream().map(Enum::name).collect(Collectors.toSet());
    }

    /** A newly confirmed application, and those it resembles (which now resemble it). */
    @EventListener
    void onConfirmed(ApplicationConfirmed confirmed) {
        ApplicationDetails application = applications.get(confirmed.applicationId());
        List<FlagFinding> findings = refresh(application);
        findings.stream()
                .filter(finding -> finding.reasonKey().endsWith(".application"))
                .map(finding -> (Long) finding.arguments().get(1))
                .distinct()
                .forEach(otherId -> applications.find(otherId).ifPresent(this::refresh));
    }
}
