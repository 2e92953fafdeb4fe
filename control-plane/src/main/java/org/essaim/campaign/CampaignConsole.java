package org.essaim.campaign;

import org.essaim.web.Confirmation;
import org.essaim.web.ConflictException;
import org.essaim.web.FormErrors;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Set;
import java.util.function.Supplier;

/** Staff pages for campaigns: the list, a new campaign, opening and closing. */
@Controller
class CampaignConsole {

    static final String VIEW = "staff/campaigns";
    private static final Set<String> FIELDS = Set.of("name", "plannedOpening", "cap");

    private final Campaigns campaigns;
    private final CampaignSubscribers subscribers;

    CampaignConsole(Campaigns campaigns, CampaignSubscribers subscribers) {
        this.campaigns = campaigns;
        this.subscribers = subscribers;
    }

    record CampaignForm(String name, String plannedOpening, String cap) {}

    @GetMapping("/staff/campaigns")
    String list(Model model) {
        if (!model.containsAttribute("campaignForm")) {
            model.addAttribute("campaignForm", new CampaignForm("", "", ""));
        }
        model.addAttribute("campaigns", campaigns.all());
        model.addAttribute("subscribers", subscribers.count());
        return VIEW;
    }

    @PostMapping("/staff/campaigns")
    String create(
            @ModelAttribute("campaignForm") CampaignForm form,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect) {
        try {
            Campaign created = campaigns.create(form.name(), form.plannedOpening(), form.cap(), staff.getName());
            redirect.addFlashAttribute("done", "campaign.done.created");
            redirect.addFlashAttribute("doneName", created.name());
            return "redirect:/staff/campaigns";
        } catch (InvalidInputException invalid) {
            FormErrors.add(errors, invalid.problems(), FIELDS);
            return list(model);
        }
    }

    @PostMapping("/staff/campaigns/{id}/open")
    String open(@PathVariable long id, Authentication staff, RedirectAttributes redirect) {
        return change(() -> campaigns.open(id, staff.getName()), "campaign.done.opened", redirect);
    }

    @GetMapping("/staff/campaigns/{id}/close")
    String confirmClosing(@PathVariable long id, Model model) {
        Campaign campaign = campaigns.findOptional(id).orElseThrow(() -> new NotFoundException("campaign"));
        return Confirmation.of(
                        "confirm.campaign.close",
                        "/staff/campaigns/" + id + "/close",
                        "/staff/campaigns",
                        campaign.name())
                .show(model);
    }

    @PostMapping("/staff/campaigns/{id}/close")
    String close(
            @PathVariable long id,
            @RequestParam(name = Confirmation.PARAMETER, defaultValue = "false") boolean confirmed,
            Authentication staff,
            Model model,
            RedirectAttributes redirect) {
        if (!confirmed) {
            return confirmClosing(id, model);
        }
        return change(() -> campaigns.close(id, staff.getName()), "campaign.done.closed", redirect);
    }

    private static String change(Supplier<Campaign> action, String done, RedirectAttributes redirect) {
        try {
            Campaign campaign = action.get();
            redirect.addFlashAttribute("done", done);
            redirect.addFlashAttribute("doneName", campaign.name());
        } catch (ConflictException conflict) {
            redirect.addFlashAttribute("refused", "problem." + conflict.code() + ".detail");
        }
        return "redirect:/staff/campaigns";
    }
}
