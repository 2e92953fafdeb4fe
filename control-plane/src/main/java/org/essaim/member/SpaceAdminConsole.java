package org.essaim.member;

import jakarta.servlet.http.HttpServletResponse;
import org.essaim.usage.StorageUsage;
import org.essaim.security.SpaceAccount;
import org.essaim.space.LiveSpaces;
import org.essaim.space.ProgressStep;
import org.essaim.space.SpaceFacts;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.SpaceProgress;
import org.essaim.space.SpaceSettings;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.ldap.SpacePerson;
import org.essaim.web.Confirmation;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A space's own pages ({@code /spaces/{slug}/...}): the overview every account of the space sees, and the admins'
 * console (people, invitations and the join link, settings, usage). Which space, and whether an admin, is checked
 * by {@link SpaceAccess} on every request: another space's pages answer 404, admin pages answer 403 to members.
 */
@Controller
class SpaceAdminConsole {

    static final String OVERVIEW = "members/overview";
    static final String PEOPLE = "members/people";
    static final String INVITATIONS = "members/invitations";
    static final String SETTINGS = "members/settings";
    static final String USAGE = "members/usage";

    private final LiveSpaces spaces;
    private final SpaceAccess access;
    private final Members members;
    private final Invitations invitations;
    private final JoinRequests joinRequests;
    private final JoinLinks joinLinks;
    private final Places places;
    private final SpaceProgress progress;
    private final SpaceLifecycle lifecycle;
    private final SpaceSettings spaceSettings;
    private final StorageUsage storage;

    SpaceAdminConsole(LiveSpaces spaces, SpaceAccess access, Members members, Invitations invitations,
                      JoinRequests joinRequests, JoinLinks joinLinks, Places places, SpaceProgress progress,
                      SpaceLifecycle lifecycle, SpaceSettings spaceSettings, StorageUsage storage) {
        this.spaces = spaces;
        this.access = access;
        this.members = members;
        this.invitations = invitations;
        this.joinRequests = joinRequests;
        this.joinLinks = joinLinks;
        this.places = places;
        this.progress = progress;
        this.lifecycle = lifecycle;
        this.spaceSettings = spaceSettings;
        this.storage = storage;
    }

    @GetMapping("/spaces/{slug}")
    String overview(@PathVariable String slug, Authentication authentication, Model model) {
        SpaceAccount account = access.member(authentication, slug);
        SpaceFacts space = common(slug, model);
        boolean admin = access.isAdmin(account);
        model.addAttribute("admin", admin);
        Optional<SpaceStatus> status = progress.lastStatus(slug);
        model.addAttribute("urls", status.map(SpaceStatus::urls).orElse(null));
        if (admin) {
            List<ProgressStep> steps = SpaceProgress.steps(status);
            model.addAttribute("steps", steps);
            model.addAttribute("selfChecks", org.essaim.space.SelfChecks.of(status));
            model.addAttribute("ready", status.flatMap(s -> s.condition(SpaceConditions.READY)).orElse(null));
            model.addAttribute("usage", places.usage(slug));
        }
        model.addAttribute("account", account);
        model.addAttribute("address", spaceSettings.address(space.slug()));
        return OVERVIEW;
    }

    // ---- people --------------------------------------------------------------------------------------------

    @GetMapping("/spaces/{slug}/members")
    String people(@PathVariable String slug, Authentication authentication, Model model) {
        SpaceAccount account = access.admin(authentication, slug);
        common(slug, model);
        model.addAttribute("account", account);
        model.addAttribute("people", members.list(slug));
        model.addAttribute("placesLeft", places.left(slug));
        return PEOPLE;
    }

    @PostMapping("/spaces/{slug}/members")
    String create(@PathVariable String slug, @RequestParam(defaultValue = "") String displayName,
                  @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "false") boolean asAdmin,
                  Authentication authentication, Locale locale, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        try {
            var person = members.create(slug, displayName, email, asAdmin, locale, account.getName());
            redirect.addFlashAttribute("done", "members.done.created");
            redirect.addFlashAttribute("doneArgument", person.uid());
            return "redirect:/spaces/" + slug + "/members";
        } catch (InvalidInputException | ConflictException e) {
            refused(model, e, response);
            model.addAttribute("typedName", displayName);
            model.addAttribute("typedEmail", email);
            return people(slug, authentication, model);
        }
    }

    /** The confirmation of a member action that takes something away, reachable by a link as well. */
    @GetMapping("/spaces/{slug}/members/{uid}/{action}")
    String confirmAct(@PathVariable String slug, @PathVariable String uid, @PathVariable String action,
                      Authentication authentication, Model model) {
        SpaceAccount account = access.admin(authentication, slug);
        Members.Action chosen = memberAction(action);
        if (!takesAway(chosen)) {
            return "redirect:/spaces/" + slug + "/members";
        }
        return memberConfirmation(slug, uid, action, account, model);
    }

    @PostMapping("/spaces/{slug}/members/{uid}/{action}")
    String act(@PathVariable String slug, @PathVariable String uid, @PathVariable String action,
               @RequestParam(name = Confirmation.PARAMETER, defaultValue = "false") boolean confirmed,
               Authentication authentication, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        Members.Action chosen = memberAction(action);
        if (takesAway(chosen) && !confirmed) {
            return memberConfirmation(slug, uid, action, account, model);
        }
        try {
            members.apply(slug, uid, chosen, account.getName());
        } catch (ConflictException e) {
            refused(model, e, response);
            return people(slug, authentication, model);
        }
        redirect.addFlashAttribute("done", "members.done." + action);
        redirect.addFlashAttribute("doneArgument", uid);
        if (uid.equals(account.uid()) && (chosen == Members.Action.DEMOTE)) {
            return "redirect:/spaces/" + slug;
        }
        return "redirect:/spaces/" + slug + "/members";
    }

    private static Members.Action memberAction(String action) {
        return switch (action) {
            case "promote" -> Members.Action.PROMOTE;
            case "demote" -> Members.Action.DEMOTE;
            case "disable" -> Members.Action.DISABLE;
            case "enable" -> Members.Action.ENABLE;
            case "remove" -> Members.Action.REMOVE;
            default -> throw new org.essaim.web.NotFoundException("action");
        };
    }

    /** Removing, disabling and taking an admin role away are confirmed first; giving is not. */
    private static boolean takesAway(Members.Action action) {
        return action == Members.Action.DEMOTE || action == Members.Action.DISABLE || action == Members.Action.REMOVE;
    }

    private String memberConfirmation(String slug, String uid, String action, SpaceAccount account, Model model) {
        SpacePerson person = members.list(slug).stream().filter(p -> p.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new org.essaim.web.NotFoundException("member"));
        common(slug, model);
        String prefix = "confirm.member." + action + (action.equals("demote") && uid.equals(account.uid()) ? ".self" : "");
        return Confirmation.of(prefix, "/spaces/" + slug + "/members/" + uid + "/" + action,
                "/spaces/" + slug + "/members", person.displayName(), uid).show(model);
    }

    // ---- invitations and the join link ---------------------------------------------------------------------

    @GetMapping("/spaces/{slug}/invitations")
    String invitations(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        common(slug, model);
        model.addAttribute("placesLeft", places.left(slug));
        model.addAttribute("invitations", invitations.live(slug));
        model.addAttribute("joinLink", joinLinks.current(slug).orElse(null));
        model.addAttribute("validityDays", Invitations.VALIDITY.toDays());
        return INVITATIONS;
    }

    @PostMapping("/spaces/{slug}/invitations")
    String invite(@PathVariable String slug, @RequestParam(defaultValue = "") String emails,
                  @RequestParam(defaultValue = "false") boolean asAdmin, Authentication authentication, Locale locale,
                  Model model, HttpServletResponse response, RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        try {
            Invitations.Invited invited = invitations.invite(slug, MemberInput.emails("emails", emails), asAdmin,
                    locale, account.getName());
            redirect.addFlashAttribute("done", "members.done.invited");
            redirect.addFlashAttribute("doneArgument", invited.emails().size());
            return "redirect:/spaces/" + slug + "/invitations";
        } catch (InvalidInputException | ConflictException e) {
            refused(model, e, response);
            model.addAttribute("typedEmails", emails);
            return invitations(slug, authentication, model);
        }
    }

    /** The confirmation of withdrawing an invitation or refusing a request to join, reachable by a link. */
    @GetMapping("/spaces/{slug}/invitations/{id}/{action}")
    String confirmInvitation(@PathVariable String slug, @PathVariable long id, @PathVariable String action,
                             Authentication authentication, Model model) {
        access.admin(authentication, slug);
        if (!action.equals("revoke") && !action.equals("refuse")) {
            return "redirect:/spaces/" + slug + "/invitations";
        }
        return invitationConfirmation(slug, id, action, model);
    }

    @PostMapping("/spaces/{slug}/invitations/{id}/{action}")
    String invitation(@PathVariable String slug, @PathVariable long id, @PathVariable String action,
                      @RequestParam(name = Confirmation.PARAMETER, defaultValue = "false") boolean confirmed,
                      Authentication authentication, Locale locale, Model model, HttpServletResponse response,
                      RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        if ((action.equals("revoke") || action.equals("refuse")) && !confirmed) {
            return invitationConfirmation(slug, id, action, model);
        }
        try {
            switch (action) {
                case "resend" -> invitations.resend(slug, id, locale, account.getName());
                case "revoke" -> invitations.revoke(slug, id, account.getName());
                case "approve" -> joinRequests.approve(slug, id, locale, account.getName());
                case "refuse" -> joinRequests.refuse(slug, id, account.getName());
                default -> throw new org.essaim.web.NotFoundException("action");
            }
        } catch (ConflictException e) {
            refused(model, e, response);
            return invitations(slug, authentication, model);
        }
        redirect.addFlashAttribute("done", "members.done.invitation." + action);
        return "redirect:/spaces/" + slug + "/invitations";
    }

    private String invitationConfirmation(String slug, long id, String action, Model model) {
        Invitations.Invitation invitation = invitations.live(slug).stream().filter(i -> i.id() == id).findFirst()
                .orElseThrow(() -> new org.essaim.web.NotFoundException("invitation"));
        common(slug, model);
        return Confirmation.of("confirm.invitation." + action,
                "/spaces/" + slug + "/invitations/" + id + "/" + action, "/spaces/" + slug + "/invitations",
                invitation.email()).show(model);
    }

    @GetMapping("/spaces/{slug}/join-link/off")
    String confirmJoinLinkOff(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        common(slug, model);
        return Confirmation.of("confirm.joinLink.off", "/spaces/" + slug + "/join-link/off",
                "/spaces/" + slug + "/invitations").show(model);
    }

    @GetMapping("/spaces/{slug}/join-link")
    String confirmJoinLinkRotation(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        common(slug, model);
        return Confirmation.of("confirm.joinLink.rotate", "/spaces/" + slug + "/join-link",
                "/spaces/" + slug + "/invitations").show(model);
    }

    @PostMapping("/spaces/{slug}/join-link")
    String rotateJoinLink(@PathVariable String slug,
                          @RequestParam(name = Confirmation.PARAMETER, defaultValue = "false") boolean confirmed,
                          Authentication authentication, Model model, RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        // Making the first link takes nothing away; replacing one kills the link already shared.
        if (!confirmed && joinLinks.current(slug).isPresent()) {
            return confirmJoinLinkRotation(slug, authentication, model);
        }
        redirect.addFlashAttribute("newJoinLink", joinLinks.rotate(slug, account.getName()));
        return "redirect:/spaces/" + slug + "/invitations";
    }

    @PostMapping("/spaces/{slug}/join-link/off")
    String joinLinkOff(@PathVariable String slug,
                       @RequestParam(name = Confirmation.PARAMETER, defaultValue = "false") boolean confirmed,
                       Authentication authentication, Model model, RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        if (!confirmed) {
            return confirmJoinLinkOff(slug, authentication, model);
        }
        joinLinks.turnOff(slug, account.getName());
        redirect.addFlashAttribute("done", "members.done.joinLinkOff");
        return "redirect:/spaces/" + slug + "/invitations";
    }

    // ---- settings and usage --------------------------------------------------------------------------------

    @GetMapping("/spaces/{slug}/settings")
    String settings(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        common(slug, model);
        // Only the suites the platform runs; a space on one it no longer runs sees which it may move to.
        model.addAttribute("suites", lifecycle.officeOffer().suites());
        return SETTINGS;
    }

    @PostMapping("/spaces/{slug}/settings")
    String changeSettings(@PathVariable String slug, @RequestParam(defaultValue = "") String officeSuite,
                          @RequestParam(defaultValue = "false") boolean events,
                          @RequestParam(defaultValue = "false") boolean forum, Authentication authentication,
                          Model model, HttpServletResponse response, RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        OfficeSuite suite;
        try {
            suite = OfficeSuite.valueOf(officeSuite);
        } catch (IllegalArgumentException e) {
            refused(model, new InvalidInputException(FieldProblem.of("officeSuite", "input.choice")), response);
            return settings(slug, authentication, model);
        }
        try {
            lifecycle.changeSettings(slug, suite, new SpaceSpec.Services(events, forum), account.getName());
        } catch (InvalidInputException notOffered) {
            refused(model, notOffered, response);
            return settings(slug, authentication, model);
        }
        redirect.addFlashAttribute("done", "members.done.settings");
        return "redirect:/spaces/" + slug + "/settings";
    }

    @GetMapping("/spaces/{slug}/usage")
    String usage(@PathVariable String slug, Authentication authentication, Model model) {
        access.admin(authentication, slug);
        SpaceFacts space = common(slug, model);
        model.addAttribute("usage", places.usage(slug));
        model.addAttribute("storage", storage.latest(space.slug()).map(StorageUsage.StorageFigure::usedBytes).orElse(null));
        model.addAttribute("storageQuotaGib", space.storageQuotaGib());
        return USAGE;
    }

    private SpaceFacts common(String slug, Model model) {
        SpaceFacts space = spaces.require(slug);
        model.addAttribute("space", space);
        return space;
    }

    /** The refusal on the page, in the reader's language, with the status the API would give. */
    static void refused(Model model, RuntimeException e, HttpServletResponse response) {
        if (e instanceof InvalidInputException invalid) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problems", invalid.problems());
        } else if (e instanceof ConflictException conflict) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("problems", List.of(new FieldProblem("", "problem." + conflict.code() + ".detail",
                    List.of(conflict.arguments()))));
        }
    }
}
