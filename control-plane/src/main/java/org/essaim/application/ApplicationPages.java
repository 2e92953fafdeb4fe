package org.essaim.application;

import jakarta.servlet.http.HttpServletRequest;
import org.essaim.campaign.Campaigns;
import org.essaim.space.SpaceSettings;
import org.essaim.web.ConflictException;
import org.essaim.web.FormErrors;
import org.essaim.web.InvalidInputException;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.NotFoundException;
import org.essaim.web.TooManyRequestsException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The public side: the offer and the form (or, between campaigns, when the next opens and the list to be told),
 * the confirmation link, the private status page and withdrawal, the charter. Every page works without
 * JavaScript; {@code /js/apply.js} only adds the address check as one types.
 */
@Controller
class ApplicationPages {

    static final String APPLY = "apply/form";
    static final String SENT = "apply/sent";
    static final String CONFIRM = "apply/confirm";
    static final String STATUS = "apply/status";
    static final String CHARTER = "apply/charter";
    private static final Set<String> FORM_FIELDS = new HashSet<>(ApplicationDraft.FIELDS);

    private final ApplicationIntake intake;
    private final ApplicationRules rules;
    private final Campaigns campaigns;
    private final FormChoices choices;
    private final SpaceSettings spaceSettings;
    private final ApplicationSettings settings;

    ApplicationPages(
            ApplicationIntake intake,
            ApplicationRules rules,
            Campaigns campaigns,
            FormChoices choices,
            SpaceSettings spaceSettings,
            ApplicationSettings settings) {
        this.intake = intake;
        this.rules = rules;
        this.campaigns = campaigns;
        this.choices = choices;
        this.spaceSettings = spaceSettings;
        this.settings = settings;
    }

    @GetMapping("/apply")
    String form(Model model, Locale locale) {
        if (!model.containsAttribute("form")) {
            Locale language = LanguageConfiguration.supported(locale);
            model.addAttribute(
                    "form",
                    ApplicationDraft.empty(
                            "FR", language.getLanguage(), UUID.randomUUID().toString()));
        }
        return showForm(model, locale);
    }

    private String showForm(Model model, Locale locale) {
        model.addAttribute("campaign", campaigns.current().orElse(null));
        model.addAttribute("nextCampaign", campaigns.next().orElse(null));
        model.addAttribute("kinds", OrganisationKind.values());
        model.addAttribute("countries", choices.countries(locale));
        model.addAttribute("languages", choices.languages(locale));
        model.addAttribute("domain", spaceSettings.domain());
        model.addAttribute("slugMin", SlugRules.MIN);
        model.addAttribute("slugMax", SlugRules.MAX);
        model.addAttribute("confirmationDays", settings.confirmationValidity().toDays());
        model.addAttribute("reviewDays", settings.reviewTarget().toDays());
        return APPLY;
    }

    @PostMapping("/apply")
    String submit(
            @ModelAttribute("form") ApplicationDraft draft,
            BindingResult errors,
            Model model,
            Locale locale,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        String client = request.getRemoteAddr();
        if (draft.honeypotFilled()) {
            // A bot filled the field people cannot see: answer as if all went well, store nothing.
            countQuietly(client);
            redirect.addFlashAttribute("sentTo", "");
            return "redirect:/apply/sent";
        }
        String key = draft.submissionKey() != null && draft.submissionKey().matches("[0-9a-f-]{36}")
                ? draft.submissionKey()
                : null;
        try {
            ValidApplication application = rules.validate(draft);
            ApplicationIntake.Submitted submitted =
                    intake.submit(application, LanguageConfiguration.supported(locale), key, client);
            redirect.addFlashAttribute("sentTo", submitted.contactEmail());
            return "redirect:/apply/sent";
        } catch (InvalidInputException invalid) {
            if (!countQuietly(client)) {
                errors.reject("application.error.tooMany");
                return showForm(model, locale);
            }
            FormErrors.add(errors, invalid.problems(), FORM_FIELDS);
        } catch (ConflictException conflict) {
            countQuietly(client);
            switch (conflict.code()) {
                case "duplicate-submission" -> {
                    // Said on the spot: the first answer's redirect may not have been followed yet.
                    model.addAttribute("duplicateOf", conflict.arguments()[0]);
                    return sent(model);
                }
                case "slug-taken" -> FormErrors.add(errors, conflict.fields(), FORM_FIELDS);
                default -> model.addAttribute("refused", "problem." + conflict.code() + ".detail");
            }
        } catch (TooManyRequestsException e) {
            errors.reject("application.error.tooMany");
        }
        if (key == null) {
            model.addAttribute("form", draft.withSubmissionKey(UUID.randomUUID().toString()));
        }
        return showForm(model, locale);
    }

    /** Counts an attempt that stored nothing; false when the address is over its limit. */
    private boolean countQuietly(String client) {
        try {
            intake.countAttempt(client);
            return true;
        } catch (TooManyRequestsException tooMany) {
            return false;
        }
    }

    @GetMapping("/apply/sent")
    String sent(Model model) {
        model.addAttribute("confirmationDays", settings.confirmationValidity().toDays());
        return SENT;
    }

    @GetMapping("/apply/confirm/{token}")
    String confirmation(@PathVariable String token, Model model) {
        ApplicationIntake.Confirmation confirmation =
                intake.confirmation(token).orElseThrow(() -> new NotFoundException("link"));
        model.addAttribute("confirmation", confirmation);
        model.addAttribute("token", token);
        return CONFIRM;
    }

    @PostMapping("/apply/confirm/{token}")
    String confirm(@PathVariable String token, Model model) {
        ApplicationIntake.Confirmation confirmation = intake.confirm(token);
        if (confirmation.state() == ApplicationIntake.ConfirmationState.READY) {
            return "redirect:/apply/status/" + confirmation.statusToken() + "?confirmed";
        }
        model.addAttribute("confirmation", confirmation);
        model.addAttribute("token", token);
        model.addAttribute("refused", true);
        return CONFIRM;
    }

    @GetMapping("/apply/status/{token}")
    String status(@PathVariable String token, Model model) {
        model.addAttribute("status", intake.status(token).orElseThrow(() -> new NotFoundException("link")));
        model.addAttribute("token", token);
        return STATUS;
    }

    @PostMapping("/apply/status/{token}/withdraw")
    String withdraw(@PathVariable String token, @RequestParam(required = false) String confirm, Model model) {
        if (confirm == null) {
            model.addAttribute("status", intake.status(token).orElseThrow(() -> new NotFoundException("link")));
            model.addAttribute("token", token);
            model.addAttribute("withdrawUnconfirmed", true);
            return STATUS;
        }
        try {
            intake.withdraw(token);
            return "redirect:/apply/status/" + token + "?withdrawn";
        } catch (ConflictException conflict) {
            model.addAttribute("status", intake.status(token).orElseThrow(() -> new NotFoundException("link")));
            model.addAttribute("token", token);
            model.addAttribute("withdrawRefused", true);
            return STATUS;
        }
    }

    @GetMapping("/charter")
    String charter() {
        return CHARTER;
    }
}
