package org.essaim.member;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.PasswordPolicy;
import org.essaim.ldap.SpacePerson;
import org.essaim.security.SpaceAccount;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.essaim.web.RateLimit;
import org.essaim.web.TooManyRequestsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Locale;

/**
 * The pages a space's people reach from an email or a shared link (accepting an invitation, asking to join, choosing
 * a password), and every signed-in member's profile. Links are opened with a GET that changes nothing; the form's
 * POST acts.
 */
@Controller
class MemberPages {

    static final String ACCEPT = "members/accept";
    static final String JOIN = "members/join";
    static final String PROFILE = "members/profile";

    private final InvitationAcceptance invitations;
    private final JoinLinks joinLinks;
    private final SpaceAccess access;
    private final SpaceMembers members;
    private final LiveSpaces spaces;
    private final RateLimit rateLimit;
    private final int joinRequestsPerAddress;
    private final org.essaim.security.SignedInSessions sessions;
    private final org.essaim.member.password.EmailedPasswordLinks passwordLinks;

    MemberPages(InvitationAcceptance invitations, JoinLinks joinLinks, SpaceAccess access,
                SpaceMembers members, LiveSpaces spaces, RateLimit rateLimit,
                MemberSettings settings,
                org.essaim.security.SignedInSessions sessions,
                org.essaim.member.password.EmailedPasswordLinks passwordLinks) {
        this.sessions = sessions;
        this.passwordLinks = passwordLinks;
        this.invitations = invitations;
        this.joinLinks = joinLinks;
        this.access = access;
        this.members = members;
        this.spaces = spaces;
        this.rateLimit = rateLimit;
        this.joinRequestsPerAddress = settings.joinRequestsPerAddressPerHour();
    }

    // ---- accepting an invitation ---------------------------------------------------------------------------

    @GetMapping("/invitations/{token}")
    String invitation(@PathVariable String token, Model model, HttpServletResponse response) {
        InvitationAcceptance.Acceptance acceptance = invitations.lookup(token)
                .orElseThrow(() -> new NotFoundException("link"));
        return showInvitation(acceptance, token, model, response);
    }

    private String showInvitation(InvitationAcceptance.Acceptance acceptance, String token, Model model,
                                  HttpServletResponse response) {
        if (acceptance.state() != InvitationAcceptance.LinkState.OPEN) {
            response.setStatus(HttpServletResponse.SC_GONE);
        }
        model.addAttribute("invitation", acceptance);
        model.addAttribute("token", token);
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        model.addAttribute("suspended", acceptance.suspended());
        return ACCEPT;
    }

    @PostMapping("/invitations/{token}")
    String accept(@PathVariable String token, @RequestParam(defaultValue = "") String displayName,
                  @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmation, Model model, HttpServletResponse response) {
        InvitationAcceptance.Acceptance acceptance = invitations.lookup(token)
                .orElseThrow(() -> new NotFoundException("link"));
        try {
            String uid = invitations.accept(token, displayName, password, confirmation);
            model.addAttribute("invitation", acceptance);
            model.addAttribute("uid", uid);
            return ACCEPT;
        } catch (InvitationAcceptance.ClosedInvitationException closed) {
            return showInvitation(closed.acceptance(), token, model, response);
        } catch (org.essaim.ldap.PasswordRefusedException refused) {
            SpaceAdminConsole.refused(model, org.essaim.member.password.PasswordRules.refused(refused), response);
            model.addAttribute("typedName", displayName);
            showInvitation(acceptance, token, model, response);
            return ACCEPT;
        } catch (InvalidInputException | ConflictException e) {
            SpaceAdminConsole.refused(model, e, response);
            model.addAttribute("typedName", displayName);
            showInvitation(acceptance, token, model, response);
            return ACCEPT;
        }
    }

    // ---- asking to join through the join link --------------------------------------------------------------

    @GetMapping("/join/{token}")
    String join(@PathVariable String token, Model model) {
        model.addAttribute("spaceName", joinLinks.spaceName(token).orElseThrow(() -> new NotFoundException("link")));
        model.addAttribute("token", token);
        model.addAttribute("suspended", joinLinks.suspended(token));
        return JOIN;
    }

    @PostMapping("/join/{token}")
    String requestToJoin(@PathVariable String token, @RequestParam(defaultValue = "") String displayName,
                         @RequestParam(defaultValue = "") String email, Locale locale, HttpServletRequest request,
                         Model model, HttpServletResponse response) {
        String spaceName = joinLinks.spaceName(token).orElseThrow(() -> new NotFoundException("link"));
        model.addAttribute("spaceName", spaceName);
        model.addAttribute("token", token);
        model.addAttribute("suspended", joinLinks.suspended(token));
        if (!rateLimit.allow("join-request", request.getRemoteAddr(), joinRequestsPerAddress)) {
            throw new TooManyRequestsException();
        }
        try {
            joinLinks.request(token, displayName, email, locale);
            model.addAttribute("requested", true);
        } catch (InvalidInputException | ConflictException e) {
            SpaceAdminConsole.refused(model, e, response);
            model.addAttribute("typedName", displayName);
            model.addAttribute("typedEmail", email);
        }
        return JOIN;
    }

    // ---- profile -------------------------------------------------------------------------------------------

    @GetMapping("/profile")
    String profile(Authentication authentication, Model model) {
        SpaceAccount account = SpaceAccount.of(authentication).orElseThrow(() -> new NotFoundException("profile"));
        access.member(authentication, account.slug());
        SpacePerson person = members.find(account.slug(), account.uid())
                .orElseThrow(() -> new NotFoundException("profile"));
        model.addAttribute("person", person);
        model.addAttribute("space", spaces.require(account.slug()));
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        return PROFILE;
    }

    @PostMapping("/profile")
    String rename(@RequestParam(defaultValue = "") String displayName, Authentication authentication, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        SpaceAccount account = SpaceAccount.of(authentication).orElseThrow(() -> new NotFoundException("profile"));
        access.member(authentication, account.slug());
        try {
            members.changeDisplayName(account.slug(), account.uid(),
                    MemberInput.displayName("displayName", displayName));
        } catch (InvalidInputException e) {
            SpaceAdminConsole.refused(model, e, response);
            return profile(authentication, model);
        }
        redirect.addFlashAttribute("done", "members.done.renamed");
        return "redirect:/profile";
    }

    @PostMapping("/profile/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
                          @RequestParam(defaultValue = "") String password,
                          @RequestParam(defaultValue = "") String confirmation, Authentication authentication,
                          Model model, HttpServletResponse response, RedirectAttributes redirect,
                          jakarta.servlet.http.HttpSession session) {
        SpaceAccount account = SpaceAccount.of(authentication).orElseThrow(() -> new NotFoundException("profile"));
        access.member(authentication, account.slug());
        SpaceFacts space = spaces.require(account.slug());
        SpacePerson person = members.find(account.slug(), account.uid()).orElseThrow();
        try {
            MemberInput.password(password, confirmation, person.uid(), person.email(), person.displayName(),
                    space.slug(), space.displayName());
            if (!members.changeOwnPassword(space.slug(), person.uid(), currentPassword, password,
                    space.displayName())) {
                throw new InvalidInputException(FieldProblem.of("currentPassword", "members.password.wrongCurrent"));
            }
        } catch (org.essaim.ldap.PasswordRefusedException refused) {
            SpaceAdminConsole.refused(model, org.essaim.member.password.PasswordRules.refused(refused), response);
            return profile(authentication, model);
        } catch (InvalidInputException e) {
            SpaceAdminConsole.refused(model, e, response);
            return profile(authentication, model);
        }
        // The old password opened other sessions and may have been used for reset links: end them all but this one.
        sessions.endSpaceAccount(space.slug(), person.uid(), session.getId());
        passwordLinks.revokeAll(space.slug(), person.uid());
        redirect.addFlashAttribute("done", "members.done.passwordChanged");
        return "redirect:/profile";
    }
}
