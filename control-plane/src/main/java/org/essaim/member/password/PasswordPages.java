package org.essaim.member.password;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.ldap.PasswordPolicy;
import org.essaim.ldap.PasswordRefusedException;
import org.essaim.web.EmailAddress;
import org.essaim.web.FieldProblem;
import org.essaim.web.FormErrors;
import org.essaim.web.InvalidInputException;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.TooManyRequestsException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The public pages of a member's password: "forgotten password" (reached from the sign-in page; a space's own link
 * is {@code /password/forgotten?space=<slug>}) and the page of an emailed link, which shows the policy before anything
 * is typed and sets the password with one button. Opening a link changes nothing.
 */
@Controller
class PasswordPages {

    static final String FORGOTTEN = "password/forgotten";
    static final String SENT = "password/sent";
    static final String CHOOSE = "password/choose";
    static final String DONE = "password/done";
    private static final Set<String> FORGOTTEN_FIELDS = Set.of("space", "email");
    private static final Set<String> CHOOSE_FIELDS = Set.of("password", "confirmation");

    /** The forgotten-password form. */
    record ForgottenForm(String space, String email) {}

    /** The new password, typed twice. */
    record ChooseForm(String password, String confirmation) {}

    private final ForgottenPasswords forgotten;
    private final EmailedPasswordLinks links;

    PasswordPages(ForgottenPasswords forgotten, EmailedPasswordLinks links) {
        this.forgotten = forgotten;
        this.links = links;
    }

    @GetMapping("/password/forgotten")
    String forgottenForm(@RequestParam(required = false) String space, Model model) {
        String slug = forgotten.slug(space);
        model.addAttribute("form", new ForgottenForm(slug == null ? "" : slug, ""));
        return FORGOTTEN;
    }

    @PostMapping("/password/forgotten")
    String requestLink(
            @ModelAttribute("form") ForgottenForm form,
            BindingResult errors,
            Locale locale,
            HttpServletRequest request,
            HttpServletResponse response) {
        List<FieldProblem> problems = new ArrayList<>();
        String slug = forgotten.slug(form.space());
        if (slug == null) {
            problems.add(FieldProblem.of(
                    "space",
                    form.space() == null || form.space().isBlank()
                            ? "input.required"
                            : "memberimport.password.space.invalid",
                    forgotten.domain()));
        }
        String email = EmailAddress.check("email", form.email(), problems);
        if (!problems.isEmpty()) {
            FormErrors.add(errors, problems, FORGOTTEN_FIELDS);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return FORGOTTEN;
        }
        try {
            forgotten.request(slug, email, request.getRemoteAddr(), LanguageConfiguration.supported(locale));
        } catch (TooManyRequestsException tooMany) {
            errors.reject("memberimport.password.tooMany");
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            return FORGOTTEN;
        } catch (DirectoryUnavailableException unavailable) {
            errors.reject("memberimport.password.unavailable");
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return FORGOTTEN;
        }
        return "redirect:/password/forgotten/sent";
    }

    @GetMapping("/password/forgotten/sent")
    String sent(Model model) {
        model.addAttribute("hours", EmailedPasswordLinks.RESET_VALIDITY.toHours());
        return SENT;
    }

    @GetMapping("/password/link/{token}")
    String choose(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<EmailedPasswordLinks.OpenLink> link = links.open(token);
        model.addAttribute("form", new ChooseForm("", ""));
        return show(token, link, model, response);
    }

    @PostMapping("/password/link/{token}")
    String setPassword(
            @PathVariable String token,
            @ModelAttribute("form") ChooseForm form,
            BindingResult errors,
            Model model,
            HttpServletResponse response) {
        Optional<EmailedPasswordLinks.OpenLink> link = links.open(token);
        if (link.isEmpty() || link.get().state() != EmailedPasswordLinks.LinkState.VALID) {
            return show(token, link, model, response);
        }
        String password = form.password() == null ? "" : form.password();
        try {
            OpenLinkWords.check(link.get(), password, form.confirmation());
            Optional<EmailedPasswordLinks.OpenLink> used = links.setPassword(token, password);
            if (used.isPresent() && used.get().state() == EmailedPasswordLinks.LinkState.VALID) {
                model.addAttribute("link", used.get());
                return DONE;
            }
            return show(token, used, model, response);
        } catch (InvalidInputException invalid) {
            model.addAttribute("problems", invalid.problems());
        } catch (PasswordRefusedException refused) {
            model.addAttribute("problems", PasswordRules.refused(refused).problems());
        } catch (DirectoryUnavailableException unavailable) {
            errors.reject("memberimport.password.unavailable");
            model.addAttribute("problems", List.of(FieldProblem.of("", "memberimport.password.unavailable")));
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        }
        if (response.getStatus() == HttpStatus.OK.value()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        return show(token, link, model, response);
    }

    /** The link's person's own words, for the same check the directory applies (both fields at once). */
    private static final class OpenLinkWords {
        static void check(EmailedPasswordLinks.OpenLink link, String password, String confirmation) {
            PasswordRules.require(
                    password,
                    confirmation,
                    new PasswordPolicy.PersonalWords(
                            link.uid(), link.email(), link.displayName(), link.slug(), link.spaceName()));
        }
    }

    private String show(
            String token, Optional<EmailedPasswordLinks.OpenLink> link, Model model, HttpServletResponse response) {
        if (link.isEmpty()) {
            // A link that is not ours (guessed, mistyped, cut by a mail client): the same clear page, nothing else.
            response.setStatus(HttpStatus.NOT_FOUND.value());
        } else if (link.get().state() != EmailedPasswordLinks.LinkState.VALID) {
            // Used, expired or replaced: it was ours and is gone, as an invitation's link (410).
            response.setStatus(HttpStatus.GONE.value());
        }
        model.addAttribute("token", token);
        model.addAttribute("link", link.orElse(null));
        model.addAttribute("state", link.map(l -> l.state().name()).orElse("UNKNOWN"));
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        return CHOOSE;
    }
}
