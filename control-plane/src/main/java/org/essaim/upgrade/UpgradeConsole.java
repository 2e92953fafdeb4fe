package org.essaim.upgrade;

import org.essaim.platform.KubernetesTarget;
import org.essaim.space.resource.AppVersions;
import org.essaim.tenant.AppCatalogue;
import org.essaim.web.ConflictException;
import org.essaim.web.FormErrors;
import org.essaim.web.InvalidInputException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Set;

/** Staff pages for app versions: what the platform runs, starting a rollout, and one rollout's waves and actions. */
@Controller
class UpgradeConsole {

    static final String LIST = "staff/upgrades";
    static final String DETAIL = "staff/upgrade";
    private static final Set<String> FIELDS = Set.copyOf(AppVersions.APPS);

    private final Rollouts rollouts;
    private final RolloutViews views;
    private final PlatformVersions platform;
    private final KubernetesTarget kubernetes;

    UpgradeConsole(Rollouts rollouts, RolloutViews views, PlatformVersions platform, KubernetesTarget kubernetes) {
        this.rollouts = rollouts;
        this.views = views;
        this.platform = platform;
        this.kubernetes = kubernetes;
    }

    /** The versions staff choose, one field per app. */
    record VersionsForm(String workspace, String office, String events, String forum) {
        AppVersions versions() {
            return new AppVersions(
                    blankToNull(workspace), blankToNull(office), blankToNull(events), blankToNull(forum));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    @GetMapping("/staff/upgrades")
    String list(Model model) {
        AppVersions current = platform.current();
        if (!model.containsAttribute("versionsForm")) {
            model.addAttribute(
                    "versionsForm",
                    new VersionsForm(current.workspace(), current.office(), current.events(), current.forum()));
        }
        model.addAttribute("current", current);
        model.addAttribute("choices", AppCatalogue.pinned().allowed());
        model.addAttribute("inFlight", views.inFlight());
        model.addAttribute("rollouts", views.recent(20));
        model.addAttribute("kubernetes", kubernetes);
        return LIST;
    }

    @PostMapping("/staff/upgrades")
    String start(
            @ModelAttribute("versionsForm") VersionsForm form,
            BindingResult errors,
            Authentication staff,
            Model model,
            RedirectAttributes redirect) {
        try {
            Rollout rollout = rollouts.start(form.versions(), staff.getName());
            redirect.addFlashAttribute("done", "upgrades.done.started");
            return "redirect:/staff/upgrades/" + rollout.id();
        } catch (InvalidInputException invalid) {
            FormErrors.add(errors, invalid.problems(), FIELDS);
            return list(model);
        } catch (ConflictException conflict) {
            errors.reject("problem." + conflict.code() + ".detail", conflict.arguments(), conflict.code());
            return list(model);
        }
    }

    @GetMapping("/staff/upgrades/{id}")
    String detail(@PathVariable long id, Model model) {
        Rollout rollout = views.view(id);
        model.addAttribute("rollout", rollout);
        model.addAttribute("waves", UpgradeWaves.of(rollout));
        model.addAttribute("kubernetes", kubernetes);
        return DETAIL;
    }

    @PostMapping("/staff/upgrades/{id}/pause")
    String pause(@PathVariable long id, Authentication staff, RedirectAttributes redirect) {
        return act(id, redirect, "upgrades.done.paused", () -> rollouts.pause(id, staff.getName()));
    }

    @PostMapping("/staff/upgrades/{id}/resume")
    String resume(@PathVariable long id, Authentication staff, RedirectAttributes redirect) {
        return act(id, redirect, "upgrades.done.resumed", () -> rollouts.resume(id, staff.getName()));
    }

    @PostMapping("/staff/upgrades/{id}/rollback")
    String rollBack(@PathVariable long id, Authentication staff, RedirectAttributes redirect) {
        return act(id, redirect, "upgrades.done.rolledBack", () -> rollouts.rollBack(id, staff.getName()));
    }

    private static String act(long id, RedirectAttributes redirect, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("done", done);
        } catch (ConflictException conflict) {
            redirect.addFlashAttribute("refused", "problem." + conflict.code() + ".detail");
        }
        return "redirect:/staff/upgrades/" + id;
    }
}
