package org.essaim.staff;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.essaim.audit.AuditLog;
import org.essaim.mail.Outbox;
import org.essaim.platform.KubernetesTarget;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Locale;

/** The staff console's home: the platform's state at a glance and a way to check that email goes out. */
@Controller
class StaffHome {

    static final String VIEW = "staff/home";
    private static final int RECENT_EVENTS = 20;

    private final Outbox outbox;
    private final AuditLog auditLog;
    private final KubernetesTarget kubernetes;
    private final TestEmail testEmail;

    StaffHome(Outbox outbox, AuditLog auditLog, KubernetesTarget kubernetes, TestEmail testEmail) {
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.kubernetes = kubernetes;
        this.testEmail = testEmail;
    }

    record TestEmailForm(@NotBlank @Email @Size(max = 320) String email) {}

    @GetMapping("/staff")
    String home(Model model) {
        if (!model.containsAttribute("testEmailForm")) {
            model.addAttribute("testEmailForm", new TestEmailForm(""));
        }
        model.addAttribute("pendingMail", outbox.pendingCount());
        model.addAttribute("kubernetes", kubernetes);
        model.addAttribute("events", auditLog.latest(RECENT_EVENTS));
        return VIEW;
    }

    @PostMapping("/staff/test-email")
    String sendTestEmail(
            @Valid @ModelAttribute("testEmailForm") TestEmailForm form,
            BindingResult errors,
            Authentication staff,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return home(model);
        }
        testEmail.send(staff.getName(), form.email().strip(), locale);
        redirect.addFlashAttribute("testEmailQueued", form.email().strip());
        return "redirect:/staff";
    }
}
