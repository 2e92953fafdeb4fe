package org.essaim.usage;

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
import java.util.Map;

/** Staff pages: spaces near or over their limits, and the quota form of a space's page. */
@Controller
class UsageConsole {

    static final String LIST = "staff/usage";
    static final int PAGE = 100;

    private final StorageUsage usage;
    private final QuotaChange quotaChange;

    UsageConsole(StorageUsage usage, QuotaChange quotaChange) {
        this.usage = usage;
        this.quotaChange = quotaChange;
    }

    @GetMapping("/staff/usage")
    String list(
            @RequestParam(defaultValue = "storage") String sort,
            @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        StorageUsage.Sort order = "accounts".equals(sort) ? StorageUsage.Sort.ACCOUNTS : StorageUsage.Sort.STORAGE;
        int current = Math.max(0, page);
        List<StorageUsage.SpaceUse> spaces = usage.list(order, all, current * PAGE, PAGE + 1);
        model.addAttribute("spaces", spaces.size() > PAGE ? spaces.subList(0, PAGE) : spaces);
        model.addAttribute("nextPage", spaces.size() > PAGE ? current + 1 : null);
        model.addAttribute("sort", order.name().toLowerCase());
        model.addAttribute("all", all);
        model.addAttribute("histogram", usage.histogram());
        return LIST;
    }

    @PostMapping("/staff/spaces/{slug}/quotas")
    String changeQuotas(
            @PathVariable String slug,
            @RequestParam(defaultValue = "") String accounts,
            @RequestParam(defaultValue = "") String storageGiB,
            Authentication staff,
            RedirectAttributes redirect) {
        try {
            quotaChange.change(slug, accounts, storageGiB, staff.getName());
            redirect.addFlashAttribute("done", "usage.quota.done");
        } catch (InvalidInputException e) {
            refused(redirect, e.problems(), accounts, storageGiB);
        } catch (ConflictException e) {
            refused(redirect, e.fields(), accounts, storageGiB);
        }
        return "redirect:/staff/spaces/" + slug + "#quotas";
    }

    private static void refused(
            RedirectAttributes redirect, List<FieldProblem> problems, String accounts, String storageGiB) {
        redirect.addFlashAttribute("quotaProblems", problems);
        redirect.addFlashAttribute(
                "quotaValues", Map.of(QuotaChange.ACCOUNTS, accounts, QuotaChange.STORAGE, storageGiB));
    }
}
