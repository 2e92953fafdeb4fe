package org.essaim.application;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.essaim.space.SpaceRegistry;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.JsonFields;
import org.essaim.web.LanguageConfiguration;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.essaim.application.ApplicationDraft.*;

/** The public API: applying, and checking whether an address is free. No sign-in. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Applications", description = "Applying for a space (public)")
class ApplicationApi {

    static final String LANGUAGE = "language";

    private final ApplicationIntake intake;
    private final ApplicationRules rules;
    private final SlugRules slugRules;
    private final Applications applications;
    private final SpaceRegistry spaces;
    private final MessageSource messages;

    ApplicationApi(
            ApplicationIntake intake,
            ApplicationRules rules,
            SlugRules slugRules,
            Applications applications,
            SpaceRegistry spaces,
            MessageSource messages) {
        this.intake = intake;
        this.rules = rules;
        this.slugRules = slugRules;
        this.applications = applications;
        this.spaces = spaces;
        this.messages = messages;
    }

    /** The request body, as documented (the server reads it field by field, so each wrong field is reported). */
    @Schema(name = "ApplicationRequest")
    record ApplicationRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200)
            String organisationName,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            OrganisationKind kind,

            @Schema(description = "French RNA (W and 9 digits) or SIREN (9 digits)", example = "W751234567")
            String officialIdentifier,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 3166-1 alpha-2", example = "FR")
            String country,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 639-1", example = "fr")
            String mainLanguage,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 20, maxLength = 4000)
            String purpose,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1")
            Integer memberCount,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", description = "Euros per year")
            Long annualBudget,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 10, maxLength = 2000)
            String whyNotPaid,

            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    pattern = "^[a-z0-9](-?[a-z0-9])+$",
                    minLength = 3,
                    maxLength = 30,
                    description = "The space's address <slug>.<domain>")
            String slug,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200)
            String contactName,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "email", maxLength = 254)
            String contactEmail,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Must be true")
            Boolean charterAccepted,

            @Schema(
                    allowableValues = {"fr", "en"},
                    description = "Language of the emails; default from Accept-Language")
            String language) {}

    record Created(long id, ApplicationState state) {}

    @PostMapping("/applications")
    @Operation(
            summary = "Apply for a space while a campaign is open",
            description =
                    "Stores the application and emails a confirmation link to the contact address (valid 7 days).",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ApplicationRequest.class))))
    @ApiResponse(responseCode = "201", description = "Stored, waiting for the email confirmation")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid fields, one entry each in `errors`",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "The address is taken, or no campaign is open",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "429",
            description = "Too many attempts from this address this hour",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Created> apply(@RequestBody JsonNode body, Locale locale, HttpServletRequest request) {
        String client = request.getRemoteAddr();
        try {
            ApplicationIntake.Submitted submitted =
                    intake.submit(read(body, locale), language(body, locale), null, client);
            return ResponseEntity.status(HttpStatus.CREATED).body(new Created(submitted.id(), submitted.state()));
        } catch (InvalidInputException | ConflictException refused) {
            // Nothing was stored, and submit's count rolled back with it: count the attempt on its own.
            intake.countAttempt(client);
            throw refused;
        }
    }

    private static Locale language(JsonNode body, Locale locale) {
        JsonNode requested = body == null ? null : body.get(LANGUAGE);
        return requested != null
                        && requested.isString()
                        && (requested.stringValue().equals("fr")
                                || requested.stringValue().equals("en"))
                ? Locale.forLanguageTag(requested.stringValue())
                : LanguageConfiguration.supported(locale);
    }

    /** Every field checked; all the problems at once. */
    private ValidApplication read(JsonNode body, Locale locale) {
        List<String> names = new ArrayList<>(FIELDS);
        names.add(LANGUAGE);
        JsonFields.Read fields = JsonFields.readAll(body, names);
        List<FieldProblem> problems = new ArrayList<>();
        String requested = fields.get(LANGUAGE);
        if (requested != null && !requested.equals("fr") && !requested.equals("en")) {
            problems.add(FieldProblem.of(LANGUAGE, "input.choice"));
        }
        ApplicationDraft draft = new ApplicationDraft(
                fields.get(ORGANISATION_NAME),
                fields.get(KIND),
                fields.get(OFFICIAL_IDENTIFIER),
                fields.get(COUNTRY),
                fields.get(MAIN_LANGUAGE),
                fields.get(PURPOSE),
                fields.get(MEMBER_COUNT),
                fields.get(ANNUAL_BUDGET),
                fields.get(WHY_NOT_PAID),
                fields.get(SLUG),
                fields.get(CONTACT_NAME),
                fields.get(CONTACT_EMAIL),
                fields.get(CHARTER_ACCEPTED),
                null,
                null);
        ValidApplication application = null;
        try {
            application = rules.validate(draft);
        } catch (InvalidInputException invalid) {
            problems.addAll(0, invalid.problems());
        }
        fields.failWith(problems);
        return application;
    }

    record Availability(String slug, boolean available, String message) {}

    @GetMapping("/slug-availability")
    @Operation(
            summary = "Whether an address can be asked for",
            description = "Checks the shape of the slug and whether a space or another application holds it. The form "
                    + "uses it as one types; the same check runs again when the application is sent.")
    Availability availability(@RequestParam(defaultValue = "") String slug, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        String asked = slug.length() > 100 ? slug.substring(0, 100) : slug;
        String checked = slugRules.check(SLUG, asked, problems);
        if (checked != null && (spaces.isSlugTaken(checked) || applications.slugHeld(checked))) {
            problems.add(FieldProblem.of(SLUG, "slug.taken", checked));
        }
        if (problems.isEmpty()) {
            return new Availability(
                    checked, true, messages.getMessage("slug.available", new Object[] {checked}, locale));
        }
        FieldProblem problem = problems.getFirst();
        return new Availability(
                checked != null ? checked : asked.strip(),
                false,
                messages.getMessage(problem.code(), problem.argumentArray(), locale));
    }
}
