package org.essaim.application;

import org.essaim.web.EmailAddress;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.PlainText;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.essaim.application.ApplicationDraft.*;

/**
 * Every rule an application must follow before it is stored, the same for the form and the API; each broken rule
 * is reported on its field, all at once.
 */
@Component
public class ApplicationRules {

    public static final int MAX_MEMBERS = 10_000_000;
    public static final long MAX_BUDGET = 100_000_000_000L;
    /** French RNA number (W and 9 digits) or SIREN (9 digits). */
    private static final Pattern IDENTIFIER = Pattern.compile("W[0-9]{9}|[0-9]{9}");

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,12}");
    private static final Pattern NEGATIVE = Pattern.compile("[-\\u2212][0-9]{1,12}");
    /** Spaces people put in numbers, including the no-break spaces French typing produces. */
    private static final Pattern NUMBER_SPACES = Pattern.compile("[\\s\\u00A0\\u202F]");

    public static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    public static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

    private final SlugRules slugRules;

    ApplicationRules(SlugRules slugRules) {
        this.slugRules = slugRules;
    }

    public ValidApplication validate(ApplicationDraft draft) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = PlainText.line(ORGANISATION_NAME, draft.organisationName(), true, 2, 200, problems);
        OrganisationKind kind = kind(draft.kind(), problems);
        String identifier = identifier(draft.officialIdentifier(), problems);
        String country = code(COUNTRY, draft.country(), COUNTRIES, true, problems);
        String language = code(MAIN_LANGUAGE, draft.mainLanguage(), LANGUAGES, false, problems);
        String purpose = PlainText.paragraph(PURPOSE, draft.purpose(), true, 20, 4000, problems);
        Long members = number(MEMBER_COUNT, draft.memberCount(), 1, MAX_MEMBERS, problems);
        Long budget = number(ANNUAL_BUDGET, draft.annualBudget(), 0, MAX_BUDGET, problems);
        String whyNotPaid = PlainText.paragraph(WHY_NOT_PAID, draft.whyNotPaid(), true, 10, 2000, problems);
        String slug = slugRules.check(SLUG, draft.slug(), problems);
        String contactName = PlainText.line(CONTACT_NAME, draft.contactName(), true, 2, 200, problems);
        String email = EmailAddress.check(CONTACT_EMAIL, draft.contactEmail(), problems);
        if (!draft.charterChecked()) {
            problems.add(FieldProblem.of(CHARTER_ACCEPTED, "application.error.charter"));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(p -> FIELDS.indexOf(p.field())));
            throw new InvalidInputException(problems);
        }
        return new ValidApplication(
                name,
                kind,
                identifier,
                country,
                language,
                purpose,
                members.intValue(),
                budget,
                whyNotPaid,
                slug,
                contactName,
                email);
    }

    private static OrganisationKind kind(String raw, List<FieldProblem> problems) {
        if (raw == null || raw.isBlank()) {
            problems.add(FieldProblem.of(KIND, "input.required"));
            return null;
        }
        for (OrganisationKind kind : OrganisationKind.values()) {
            if (kind.name().equals(raw.strip())) {
                return kind;
            }
        }
        problems.add(FieldProblem.of(KIND, "input.choice"));
        return null;
    }

    private static String identifier(String raw, List<FieldProblem> problems) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > 40) {
            problems.add(FieldProblem.of(OFFICIAL_IDENTIFIER, "application.error.identifier"));
            return null;
        }
        String compact = NUMBER_SPACES.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT);
        if (!IDENTIFIER.matcher(compact).matches()) {
            problems.add(FieldProblem.of(OFFICIAL_IDENTIFIER, "application.error.identifier"));
            return null;
        }
        return compact;
    }

    private static String code(
            String field, String raw, Set<String> allowed, boolean upper, List<FieldProblem> problems) {
        if (raw == null || raw.isBlank()) {
            problems.add(FieldProblem.of(field, "input.required"));
            return null;
        }
        String code = raw.strip();
        code = upper ? code.toUpperCase(Locale.ROOT) : code.toLowerCase(Locale.ROOT);
        if (code.length() > 3 || !allowed.contains(code)) {
            problems.add(FieldProblem.of(field, "input.choice"));
            return null;
        }
        return code;
    }

    private static Long number(String field, String raw, long min, long max, List<FieldProblem> problems) {
        if (raw == null || raw.isBlank()) {
            problems.add(FieldProblem.of(field, "input.required"));
            return null;
        }
        String digits = raw.length() > 40 ? raw : NUMBER_SPACES.matcher(raw).replaceAll("");
        if (NEGATIVE.matcher(digits).matches()) {
            // A minus sign is a number, just too small: say what is allowed, not "digits only".
            problems.add(FieldProblem.of(field, min == 0 ? "input.notNegative" : "input.range", min, max));
            return null;
        }
        if (!NUMBER.matcher(digits).matches()) {
            problems.add(FieldProblem.of(field, "input.number"));
            return null;
        }
        long value = Long.parseLong(digits);
        if (value < min || value > max) {
            problems.add(FieldProblem.of(field, "input.range", min, max));
            return null;
        }
        return value;
    }
}
