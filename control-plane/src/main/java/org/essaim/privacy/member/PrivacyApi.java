package org.essaim.privacy.member;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.essaim.member.SpaceAccess;
import org.essaim.security.SpaceAccount;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.UnknownSpaceException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;

/**
 * A space's privacy calls: the admins' member-list export as CSV, and "what Essaim holds about me" as JSON for any
 * account of the space (HTTP Basic with {@code <uid>@<slug>}). Another space answers 404; the export answers 403 to
 * a member who is not an admin. Staff may export it too, for support, as the space API says of all its reads; their
 * export is audited under their name like an admin's.
 */
@RestController
@RequestMapping("/api/v1/spaces/{slug}")
@Tag(name = "Space privacy", description = "A space's member-list export, and what Essaim holds about the caller")
class PrivacyApi {

    private final SpaceAccess access;
    private final MemberListExport export;
    private final PersonalData personalData;

    private final SpaceRegistry spaces;

    PrivacyApi(SpaceAccess access, MemberListExport export, PersonalData personalData, SpaceRegistry spaces) {
        this.spaces = spaces;
        this.access = access;
        this.export = export;
        this.personalData = personalData;
    }

    @GetMapping(value = "/members/export", produces = "text/csv")
    @Operation(
            summary = "The space's member list as CSV, for its admins and for staff",
            description = "UTF-8 with a byte order mark, CRLF line ends, headers and values in the caller's language "
                    + "(Accept-Language): French files use `;` between cells, English ones `,`. One row per account "
                    + "(kind, name, email, uid, role, state), then one per open or expired invitation and per "
                    + "sign-up awaiting approval (with invited at, invited by, expires at, UTC). A cell starting with "
                    + "`=`, `+`, `-`, `@`, tab or carriage return is written with a leading `'` so that spreadsheet "
                    + "programs show it as text. Sent as an attachment named `<slug>-members-<date>.csv`; each export "
                    + "is audited (`member.list-exported`, with the admin's or the staff account's name).")
    @ApiResponse(responseCode = "200", description = "The file", content = @Content(mediaType = "text/csv"))
    @ApiResponse(
            responseCode = "403",
            description = "A member of this space who is not one of its admins",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "No such space, or not yours",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<byte[]> memberList(@PathVariable String slug, Authentication authentication, Locale locale) {
        if (SpaceAccess.isStaff(authentication)) {
            spaces.findBySlug(slug).orElseThrow(() -> new UnknownSpaceException(slug));
            return PrivacyPages.csv(export.export(slug, authentication.getName(), locale));
        }
        SpaceAccount admin = access.admin(authentication, slug);
        return PrivacyPages.csv(export.export(slug, admin.getName(), locale));
    }

    @GetMapping(value = "/me/data", produces = "application/json")
    @Operation(
            summary = "What Essaim holds about the signed-in account",
            description = "The directory entry (uid, display name, email, groups, disabled; the password is kept "
                    + "only as a hash by the directory and never shown), the referent's details when the caller is "
                    + "the space's referent, the caller's invitations and join requests in the space, the audit "
                    + "entries where they acted or that name them (other people's addresses masked), and the emails "
                    + "written to their address (subject, dates, delivery; never the text). Labels and notes follow "
                    + "Accept-Language.")
    @ApiResponse(responseCode = "200", description = "The data")
    @ApiResponse(
            responseCode = "404",
            description = "No such space, or not the caller's",
            content = @Content(mediaType = "application/problem+json"))
    PersonalData.MyData myData(@PathVariable String slug, Authentication authentication, Locale locale) {
        return personalData.about(access.member(authentication, slug), locale);
    }
}
