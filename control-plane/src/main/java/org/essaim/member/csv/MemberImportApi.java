package org.essaim.member.csv;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.essaim.audit.AuditDetail;
import org.essaim.member.NoPlacesLeftException;
import org.essaim.member.Places;
import org.essaim.member.SpaceAccess;
import org.essaim.member.SupportReads;
import org.essaim.space.SpaceQuotas;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /api/v1/spaces/{slug}/members/import}: a CSV member list in the body; {@code ?dryRun=true} answers the
 * preview (each row's fate, with its code and reason in the caller's language, and the places left) and writes
 * nothing, otherwise the run's report (each row's outcome). Same access rule as the space's other calls
 * ({@link SpaceAccess}): another space answers 404, a member who is not an admin 403; staff may preview (a read, for
 * support, audited) but not run (403).
 *
 * <p>A run whose new people do not all fit in the places left answers 409 ({@code placesLeft}) and writes nothing:
 * an API client asked for the whole list, so it gets all of it or nothing, and previews to see which rows are over.
 * The console's page instead offers to import the rows that fit, after showing which do not. Either way each new
 * account takes its place under the space's lock while it is created (see {@link MemberImport}), so a concurrent
 * invitation or import that took the last places meanwhile makes the remaining rows "over the limit".
 */
@RestController
@Tag(name = "Space members")
class MemberImportApi {

    private final MemberImport memberImport;
    private final SpaceAccess access;
    private final Places places;
    private final SupportReads supportReads;
    private final SpaceQuotas quotas;

    MemberImportApi(MemberImport memberImport, SpaceAccess access, Places places, SupportReads supportReads,
                    SpaceQuotas quotas) {
        this.memberImport = memberImport;
        this.access = access;
        this.places = places;
        this.supportReads = supportReads;
        this.quotas = quotas;
    }

    // Any content type is read as the file's bytes (text/csv is the one documented): a space that is not the
    // caller's must answer 404 whatever was sent, never 415 first.
    @PostMapping(path = "/api/v1/spaces/{slug}/members/import", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import people from a CSV list",
            description = "Columns name, email and an optional role (member/membre or admin), separated by commas or "
                    + "semicolons, UTF-8 with or without BOM, with an optional header row (English or French). With "
                    + "dryRun=true, answers each row's fate and the places left and writes nothing. Otherwise creates "
                    + "each accepted person (and emails them a link to choose their password, valid 7 days) and "
                    + "answers each row's outcome: created, completed, unchanged, refused (with its reason), failed "
                    + "or not_attempted. If the directory becomes unreachable halfway, the rows not done are reported "
                    + "as such and sending the same file again completes the import without duplicates.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    @ApiResponse(responseCode = "200", description = "The preview (dryRun) or the run's report")
    @ApiResponse(responseCode = "400", description = "The file as a whole cannot be read (`errors` says why)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "403", description = "Not an admin of the space, or staff asking for a real run",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "404", description = "No such space, or not yours",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "More new people than places left (`placesLeft` says how many), or the "
            + "space is suspended (`type` `https://essaim.org/problems/space-suspended`); nothing was written",
            content = @Content(mediaType = "application/problem+json"))
    Map<String, Object> importMembers(@PathVariable String slug,
                                      @Parameter(description = "Preview only: write nothing (`true`, `false`; "
                                              + "present without a value: a preview)", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "boolean"))
                                      @RequestParam(name = "dryRun", required = false) String dryRunValue,
                                      @RequestBody(required = false) byte[] csv, Authentication caller,
                                      HttpServletRequest request, Locale locale) {
        // "?dryRun=" (or "?dryRun") is a preview: only an explicit "false", or no dryRun at all, writes.
        boolean dryRun = dryRunValue != null && !"false".equals(dryRunValue);
        if (dryRunValue != null && !dryRunValue.isEmpty() && !"true".equals(dryRunValue) && !"false".equals(dryRunValue)) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "dryRun is true or false");
        }
        String actor = caller(caller, slug, dryRun);
        if (request.getContentLengthLong() > memberImport.limits().maxBytes()) {
            throw refused(new MemberListRefusedException("tooLarge", memberImport.limits().maxBytes() / 1024));
        }
        byte[] file = csv == null ? new byte[0] : csv;
        int placesLeft = places.left(slug);
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            ImportPlan plan = memberImport.preview(slug, file, placesLeft);
            if (dryRun) {
                answer.put("dryRun", true);
                answer.put("placesLeft", placesLeft);
                answer.put("fits", plan.fits());
                answer.put("rows", plan.rows().stream().map(row -> planned(row, locale)).toList());
                return answer;
            }
            if (!plan.fits()) {
                throw new NoPlacesLeftException(placesLeft, (int) plan.rows().stream()
                        .filter(row -> row.fate() == ImportPlan.Fate.CREATE || isOverLimit(row)).count());
            }
            MemberImport.RunReport report = memberImport.run(slug, file, placesLeft, actor);
            answer.put("dryRun", false);
            answer.put("runId", report.runId());
            answer.put("interrupted", report.interrupted());
            Map<String, Long> counts = new LinkedHashMap<>();
            for (MemberImport.Outcome outcome : MemberImport.Outcome.values()) {
                counts.put(outcome.name().toLowerCase(Locale.ROOT), report.count(outcome));
            }
            answer.put("counts", counts);
            answer.put("placesLeft", places.left(slug));
            answer.put("rows", report.rows().stream().map(row -> reported(row, locale)).toList());
        } catch (MemberListRefusedException refused) {
            throw refused(refused);
        }
        return answer;
    }

    /** The caller's name when they may do this: an admin of the space; staff for a preview only (audited). */
    private String caller(Authentication caller, String slug, boolean dryRun) {
        if (SpaceAccess.isStaff(caller)) {
            if (quotas.of(slug).isEmpty()) { // a space not erased
                throw new NotFoundException("space");
            }
            if (!dryRun) {
                throw new AccessDeniedException("staff read a space's API only");
            }
            supportReads.record(caller.getName(), slug, AuditDetail.SUPPORT_READ_IMPORT_PREVIEW);
            return caller.getName();
        }
        return access.admin(caller, slug).getName();
    }

    private static boolean isOverLimit(ImportPlan.PlannedRow row) {
        return row.problem() != null && row.problem().code().equals("memberimport.row.overLimit");
    }

    private Map<String, Object> planned(ImportPlan.PlannedRow row, Locale locale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("line", row.line());
        json.put("name", row.name());
        json.put("email", row.email());
        json.put("role", row.role() == null ? null : row.role().name().toLowerCase(Locale.ROOT));
        json.put("fate", row.fate().name().toLowerCase(Locale.ROOT));
        json.put("code", row.problem() == null ? null : row.problem().code());
        json.put("message", memberImport.fate(row, locale));
        return json;
    }

    private Map<String, Object> reported(MemberImport.ReportRow row, Locale locale) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("line", row.line());
        json.put("name", row.name());
        json.put("email", row.email());
        json.put("uid", row.uid());
        json.put("outcome", row.outcome().name().toLowerCase(Locale.ROOT));
        json.put("code", row.problem() == null ? null : row.problem().code());
        json.put("reason", row.problem() == null ? null : memberImport.reason(row.problem(), locale));
        return json;
    }

    private static InvalidInputException refused(MemberListRefusedException refused) {
        return new InvalidInputException(List.of(FieldProblem.of("file", refused.messageKey(), refused.arguments())));
    }
}
