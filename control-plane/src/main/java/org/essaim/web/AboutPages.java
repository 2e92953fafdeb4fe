package org.essaim.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Essaim's stand-in for what the operator has not published ({@link PlatformPolicies}): says plainly which
 * document is missing and how to reach the operator meanwhile. Once the operator sets an address, the footer links
 * there and these pages send readers on to it.
 */
@Controller
class AboutPages {

    static final String VIEW = "about";

    private final PlatformPolicies policies;

    AboutPages(PlatformPolicies policies) {
        this.policies = policies;
    }

    @GetMapping("/about/{page:contact|legal-notice|privacy-policy|accessibility}")
    String about(@PathVariable String page, Model model) {
        String configured = switch (page) {
            case "legal-notice" -> policies.legalNoticeLink();
            case "privacy-policy" -> policies.privacyPolicyLink();
            case "accessibility" -> policies.accessibilityLink();
            default -> policies.contactLink();
        };
        if (!configured.startsWith("/about/")) {
            return "redirect:" + configured;
        }
        model.addAttribute("page", page);
        model.addAttribute("contact", policies.contactEmail());
        return VIEW;
    }
}
