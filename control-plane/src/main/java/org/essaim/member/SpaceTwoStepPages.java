package org.essaim.member;

import jakarta.servlet.http.HttpServletResponse;
import org.essaim.security.SpaceAccount;
import org.essaim.security.TwoStep;
import org.essaim.space.LiveSpaces;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A space's two-step sign-in, for its admins: whom it is required of (nobody, the admins, everyone), and each
 * person's state, with a reset for someone who lost their phone and their recovery codes. Both are audited.
 */
@Controller
class SpaceTwoStepPages {

    static final String VIEW = "members/two-step";

    /** A person as the page lists them. */
    record PersonTwoStep(String uid, String displayName, boolean admin, boolean enrolled) {
    }

    private final SpaceAccess access;
    private final Members members;
    private final TwoStep twoStep;
    private final LiveSpaces spaces;

    SpaceTwoStepPages(SpaceAccess access, Members members, TwoStep twoStep, LiveSpaces spaces) {
        this.access = access;
        this.members = members;
        this.twoStep = twoStep;
        this.spaces = spaces;
    }

    @GetMapping("/spaces/{slug}/two-step")
    String page(@PathVariable String slug, Authentication authentication, Model model) {
        SpaceAccount account = access.admin(authentication, slug);
        model.addAttribute("space", spaces.require(slug));
        model.addAttribute("account", account);
        model.addAttribute("rule", twoStep.rule(slug).name());
        model.addAttribute("people", members.list(slug).stream()
                .map(person -> new PersonTwoStep(person.uid(), person.displayName(), person.admin(),
                        twoStep.enrolled(new SpaceAccount(slug, person.uid()).getName())))
                .toList());
        return VIEW;
    }

    @PostMapping("/spaces/{slug}/two-step")
    String changeRule(@PathVariable String slug, @RequestParam(defaultValue = "") String requiredFor,
                      Authentication authentication, Model model, HttpServletResponse response,
                      RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        TwoStep.Rule rule;
        try {
            rule = TwoStep.Rule.valueOf(requiredFor);
        } catch (IllegalArgumentException e) {
            SpaceAdminConsole.refused(model, new InvalidInputException(FieldProblem.of("requiredFor", "input.choice")), response);
            return page(slug, authentication, model);
        }
        twoStep.changeRule(slug, rule, account.getName());
        redirect.addFlashAttribute("done", "twostep.done.rule");
        return "redirect:/spaces/" + slug + "/two-step";
    }

    @PostMapping("/spaces/{slug}/two-step/{uid}/reset")
    String reset(@PathVariable String slug, @PathVariable String uid, Authentication authentication,
                 RedirectAttributes redirect) {
        SpaceAccount account = access.admin(authentication, slug);
        if (members.list(slug).stream().noneMatch(person -> person.uid().equals(uid))) {
            throw new NotFoundException("member");
        }
        boolean had = twoStep.reset(new SpaceAccount(slug, uid).getName(), account.getName());
        redirect.addFlashAttribute("done", had ? "twostep.done.reset" : "twostep.done.nothingToReset");
        redirect.addFlashAttribute("doneArgument", uid);
        return "redirect:/spaces/" + slug + "/two-step";
    }
}
