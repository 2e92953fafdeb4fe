package org.essaim.member;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.essaim.audit.AuditDetail;
import org.essaim.usage.StorageUsage;
import org.essaim.ldap.SpacePerson;
import org.essaim.security.SpaceAccount;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.essaim.web.JsonFields;
import org.essaim.web.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A space's API, for its admins (HTTP Basic with {@code <uid>@<slug>} or {@code <email>@<slug>}). Another space's
 * address answers 404, a member who is not an admin gets 403. Staff may read (members, usage) for support, and each
 * such read is audited; changes are the admins' alone (403 for staff).
 */
@RestController
@RequestMapping("/api/v1/spaces/{slug}")
@Tag(name = "Space members", description = "A space's accounts, invitations and usage, for the space's admins. "
        + "While staff keep a space suspended, every call that would change it answers 409 problem+json of type "
        + "https://essaim.org/problems/space-suspended (409, not 423: the space is in a state that forbids the "
        + "change, as for a full space; it is no WebDAV lock); reads and exports keep working.")
class MemberApi {

    private final SpaceAccess access;
    private final Members members;
    private final Invitations invitations;
    private final Places places;
    private final StorageUsage storage;
    private final SupportReads supportReads;
    private final LiveSpaces spaces;

    MemberApi(SpaceAccess access, Members members, Invitations invitations, Places places, StorageUsage storage,
              SupportReads supportReads, LiveSpaces spaces) {
        this.access = access;
        this.members = members;
        this.invitations = invitations;
        this.places = places;
        this.storage = storage;
        this.supportReads = supportReads;
        this.spaces = spaces;
    }

    record Person(String uid, String displayName, String email, boolean admin, boolean disabled) {

        static Person of(SpacePerson person) {
            return new Person(person.uid(), person.displayName(), person.email(), person.admin(), person.disabled());
        }
    }

    record NewMember(@Schema(example = "Camille Martin") String displayName,
                     @Schema(example = "camille@example.org") String email,
                     @Schema(description = "Make the account an admin of the space") Boolean admin) {
    }

    record NewInvitations(@Schema(description = "One or many addresses", example = "[\"a@example.org\", \"b@example.org\"]")
                          List<String> emails,
                          @Schema(description = "Invite as admins of the space") Boolean admin) {
    }

    record Invited(List<String> invited, int placesLeft) {
    }

    record Accounts(int quota, int used, int left, int people, int pendingInvitations, int awaitingApproval) {
    }

    record Storage(@Schema(description = "Bytes used; null while unknown (never 0 for unknown)") Long usedBytes,
                   int quotaGiB, boolean known) {
    }

    record Usage(Accounts accounts, Storage storage) {
    }

    @GetMapping("/members")
    @Operation(summary = "The space's accounts", description = "Every account, disabled ones included, by uid.")
    @ApiResponse(responseCode = "200", description = "The accounts")
    @ApiResponse(responseCode = "404", description = "No such space, or not yours",
            content = @Content(mediaType = "application/problem+json"))
    List<Person> list(@PathVariable String slug, Authentication authentication) {
        reader(authentication, slug, AuditDetail.SUPPORT_READ_MEMBERS);
        return members.list(slug).stream().map(Person::of).toList();
    }

    @PostMapping("/members")
    @Operation(summary = "Create an account directly",
            description = "Creates the account at once (uid derived from the name) and emails its person a link to "
                    + "choose their password (valid 7 days). Takes one place.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewMember.class))))
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "Invalid fields, one entry each in `errors`",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "No place left (`placesLeft` says how many), or already a member, or the "
                    + "space is suspended (`type` `https://essaim.org/problems/space-suspended`: it takes no writes)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Person> create(@PathVariable String slug, @RequestBody JsonNode body, Authentication authentication,
                                  Locale locale) {
        SpaceAccount admin = writer(authentication, slug);
        var fields = JsonFields.read(body, List.of("displayName", "email", "admin"));
        SpacePerson person;
        try {
            person = members.create(slug, fields.get("displayName"), fields.get("email"),
                    "true".equals(fields.get("admin")), locale, admin.getName());
        } catch (org.essaim.web.InvalidInputException e) {
            // The form shows "already a member" next to the field; the API answers 409, as its document says.
            if (!e.problems().isEmpty() && e.problems().stream()
                    .allMatch(problem -> "members.invite.alreadyMember".equals(problem.code()))) {
                throw new org.essaim.web.ConflictException("already-member", fields.get("email"));
            }
            throw e;
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Person.of(person));
    }

    @PostMapping("/invitations")
    @Operation(summary = "Invite one or many addresses",
            description = "Each address receives a personal link valid 7 days. All or nothing: an address that is "
                    + "invalid, already a member or already invited, or more addresses than places left, refuses the "
                    + "whole list.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewInvitations.class))))
    @ApiResponse(responseCode = "201", description = "Invitations sent")
    @ApiResponse(responseCode = "400", description = "Invalid fields, one entry each in `errors`",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "409", description = "Not enough places left (`placesLeft` says how many), or the space is "
                    + "suspended (`type` `https://essaim.org/problems/space-suspended`: it takes no writes)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Invited> invite(@PathVariable String slug, @RequestBody JsonNode body, Authentication authentication,
                                   Locale locale) {
        SpaceAccount admin = writer(authentication, slug);
        if (body == null || !body.isObject()) {
            throw new org.essaim.web.InvalidInputException(org.essaim.web.FieldProblem.of("", "input.jsonObject"));
        }
        JsonNode emails = body.get("emails");
        String typed;
        if (emails != null && emails.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode email : emails) {
                if (!email.isString()) {
                    throw new org.essaim.web.InvalidInputException(org.essaim.web.FieldProblem.of("emails", "input.type"));
                }
                values.add(email.stringValue());
            }
            typed = String.join(",", values);
        } else {
            typed = JsonFields.read(body, List.of("emails")).get("emails");
        }
        boolean asAdmin = body.has("admin") && body.get("admin").asBoolean(false);
        Invitations.Invited invited = invitations.invite(slug, MemberInput.emails("emails", typed), asAdmin, locale,
                admin.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(new Invited(invited.emails(), invited.placesLeft()));
    }

    @GetMapping("/usage")
    @Operation(summary = "Accounts used of the limit, and storage used of the quota",
            description = "Accounts count every person (disabled ones too), pending invitations and requests awaiting "
                    + "approval. Storage is unknown (usedBytes null, known false) until a measurement exists.")
    @ApiResponse(responseCode = "200", description = "The figures")
    Usage usage(@PathVariable String slug, Authentication authentication) {
        reader(authentication, slug, AuditDetail.SUPPORT_READ_USAGE);
        SpaceFacts space = spaces.require(slug);
        Places.Usage usage = places.usage(slug);
        Long bytes = storage.latest(space.slug()).map(StorageUsage.StorageFigure::usedBytes).orElse(null);
        return new Usage(new Accounts(usage.quota(), usage.used(), usage.left(), usage.people(),
                usage.pendingInvitations(), usage.awaitingApproval()),
                new Storage(bytes, space.storageQuotaGib(), bytes != null));
    }

    /** Admins of the space; staff too, for support, with an audit entry per read. */
    private void reader(Authentication authentication, String slug, AuditDetail what) {
        if (SpaceAccess.isStaff(authentication)) {
            if (spaces.find(slug).isEmpty()) {
                throw new NotFoundException("space");
            }
            supportReads.record(authentication.getName(), slug, what);
            return;
        }
        access.admin(authentication, slug);
    }

    private SpaceAccount writer(Authentication authentication, String slug) {
        if (SpaceAccess.isStaff(authentication)) {
            throw new org.springframework.security.access.AccessDeniedException("staff read a space's API only");
        }
        return access.admin(authentication, slug);
    }
}
