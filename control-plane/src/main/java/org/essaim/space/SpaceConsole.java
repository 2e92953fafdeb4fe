package org.essaim.space;

import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.platform.KubernetesTarget;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.essaim.web.Confirmation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Optional;

/** Staff pages for spaces: the list, one space's progress step by step, suspend, resume and delete. */
@Controller
class SpaceConsole {

    static final String LIST = "staff/spaces";
    static final String DETAIL = "staff/space";
    private static final int PAGE = 50;

    private final SpaceRegistry registry;
    private final SpaceLifecycle lifecycle;
    private final SpaceProgress progress;
    private final KubernetesTarget kubernetes;

    SpaceConsole(SpaceRegistry registry, SpaceLifecycle lifecycle, SpaceProgress progress, KubernetesTarget kubernetes) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.progress = progress;
        this.kubernetes = kubernetes;
    }

    @GetMapping("/staff/spaces")
    String list(@RequestParam(defaultValue = "") String after, Model model) {
        List<SpaceRecord> spaces = registry.rowsAfter(after, PAGE + 1);
        model.addAttribute("spaces", spaces.size() > PAGE ? spaces.subList(0, PAGE) : spaces);
        model.addAttribute("next", spaces.size() > PAGE ? spaces.get(PAGE - 1).getSlug() : null);
        model.addAttribute("kubernetes", kubernetes);
        return LIST;
    }

    @GetMapping("/staff/spaces/{slug}")
    String detail(@PathVariable String slug, Model model) {
        SpaceRecord space = registry.row(slug).orElseThrow(() -> new UnknownSpaceException(slug));
        Optional<SpaceStatus> status = progress.lastStatus(slug);
        model.addAttribute("space", space);
        model.addAttribute("steps", SpaceProgress.steps(status));
        model.addAttribute("selfChecks", SelfChecks.of(status));
        model.addAttribute("ready", status.flatMap(s -> s.condition(SpaceConditions.READY)).orElse(null));
        model.addAttribute("urls", status.map(SpaceStatus::urls).orElse(null));
        model.addAttribute("kubernetes", kubernetes);
        return DETAIL;
    }

    @GetMapping("/staff/spaces/{slug}/suspend")
    String confirmSuspension(@PathVariable String slug, Model model) {
        SpaceRecord space = registry.row(slug).orElseThrow(() -> new UnknownSpaceException(slug));
        return Confirmation.of("confirm.space.suspend", "/staff/spaces/" + slug + "/suspend", "/staff/spaces/" + slug,
                space.getDisplayName(), space.getReferentEmail()).show(model);
    }

    @PostMapping("/staff/spaces/{slug}/suspend")
    String suspend(@PathVariable String slug,
                   @RequestParam(name = Confirmation.PARAMETER, defaultValue = "false") boolean confirmed,
                   Authentication staff, Model model, RedirectAttributes redirect) {
        if (!confirmed) {
            return confirmSuspension(slug, model);
        }
        lifecycle.suspend(slug, staff.getName());
        redirect.addFlashAttribute("done", "space.done.suspended");
        return "redirect:/staff/spaces/" + slug;
    }

    @PostMapping("/staff/spaces/{slug}/resume")
    String resume(@PathVariable String slug, Authentication staff, RedirectAttributes redirect) {
        lifecycle.resume(slug, staff.getName());
        redirect.addFlashAttribute("done", "space.done.resumed");
        return "redirect:/staff/spaces/" + slug;
    }

    @PostMapping("/staff/spaces/{slug}/delete")
    String delete(@PathVariable String slug, @RequestParam(defaultValue = "") String confirm, Authentication staff,
                  RedirectAttributes redirect) {
        if (!slug.equals(confirm.strip())) {
            redirect.addFlashAttribute("problem", "space.delete.confirmMismatch");
            return "redirect:/staff/spaces/" + slug;
        }
        lifecycle.delete(slug, staff.getName());
        redirect.addFlashAttribute("done", "space.done.deleted");
        return "redirect:/staff/spaces/" + slug;
    }
}
