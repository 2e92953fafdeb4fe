package org.essaim.campaign;

import jakarta.servlet.http.HttpServletRequest;
import org.essaim.application.ApplicationSettings;
import org.essaim.security.SecretToken;
import org.essaim.web.EmailAddress;
import org.essaim.web.FieldProblem;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.NotFoundException;
import org.essaim.web.RateLimit;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Tell me when the next campaign opens", and the removal link of its acknowledgement. */
@Controller
class NotifyPages {

    static final String UNSUBSCRIBE = "apply/unsubscribe";

    private final CampaignSubscribers subscribers;
    private final RateLimit rateLimit;
    private final int perAddressPerHour;

    NotifyPages(CampaignSubscribers subscribers, RateLimit rateLimit, ApplicationSettings applications) {
        this.subscribers = subscribers;
        this.rateLimit = rateLimit;
        this.perAddressPerHour = applications.attemptsPerAddressPerHour();
    }

    @PostMapping("/campaigns/notify")
    String subscribe(
            @RequestParam(defaultValue = "") String email,
            Locale locale,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        if (!rateLimit.allow("notify-address", request.getRemoteAddr(), perAddressPerHour)) {
            redirect.addFlashAttribute("notifyError", "application.error.tooMany");
            return "redirect:/apply#notify";
        }
        List<FieldProblem> problems = new ArrayList<>();
        String address = EmailAddress.check("email", email, problems);
        if (address == null) {
            redirect.addFlashAttribute("notifyError", problems.getFirst().code());
            redirect.addFlashAttribute("notifyEmail", email.length() > 320 ? "" : email);
            return "redirect:/apply#notify";
        }
        subscribers.subscribe(address, LanguageConfiguration.supported(locale));
        redirect.addFlashAttribute("notifySubscribed", address);
        return "redirect:/apply#notify";
    }

    @GetMapping("/campaigns/unsubscribe/{token}")
    String unsubscribePage(@PathVariable String token, Model model) {
        model.addAttribute("listed", subscribers.listed(token));
        model.addAttribute("token", token);
        return UNSUBSCRIBE;
    }

    @PostMapping("/campaigns/unsubscribe/{token}")
    String unsubscribe(@PathVariable String token, Model model) {
        if (!SecretToken.wellFormed(token)) {
            throw new NotFoundException("link");
        }
        model.addAttribute("removed", subscribers.unsubscribe(token));
        model.addAttribute("listed", false);
        model.addAttribute("token", token);
        return UNSUBSCRIBE;
    }
}
