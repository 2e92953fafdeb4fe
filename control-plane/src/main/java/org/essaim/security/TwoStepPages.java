package org.essaim.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.essaim.ldap.StaffAccounts;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The second step's pages. {@code /login/two-step}: right after the password, the code (or a recovery code), or,
 * for a person required to use two steps who has not enrolled, the enrolment. {@code /two-step}: a signed-in
 * person's own settings (set up, new recovery codes, turn off), reached from the profile. {@code /staff/two-step}:
 * staff reset another staff member's second step. Everything works without JavaScript.
 */
@Controller
class TwoStepPages {

    static final String CODE = "two-step/code";
    static final String ENROL = "two-step/enrol";
    static final String CODES = "two-step/recovery-codes";
    static final String SETTINGS = "two-step/settings";
    static final String STAFF = "two-step/staff";

    private final TwoStep twoStep;
    private final SignInSuccessHandler signedIn;
    private final StaffAccounts staffAccounts;

    TwoStepPages(TwoStep twoStep, StaffAccounts staffAccounts) {
        this.twoStep = twoStep;
        this.staffAccounts = staffAccounts;
        this.signedIn = new SignInSuccessHandler(twoStep);
    }

    // ---- right after the password ----------------------------------------------------------------------------

    @GetMapping(TwoStepGate.PAGE)
    String secondStep(Model model) {
        Optional<TwoStepPending> pending = pending();
        if (pending.isEmpty()) {
            return "redirect:/login";
        }
        if (pending.get().need() == TwoStep.Need.ENROL) {
            return enrolment(pending.get().getName(), TwoStepGate.PAGE + "/confirm", true, model);
        }
        return CODE;
    }

    @PostMapping(TwoStepGate.PAGE)
    String checkCode(
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws ServletException, IOException {
        Optional<TwoStepPending> pending = pending();
        if (pending.isEmpty() || pending.get().need() != TwoStep.Need.CODE) {
            return "redirect:/login";
        }
        TwoStep.Check check = twoStep.verify(pending.get().passwordSignIn(), request.getRemoteAddr(), code);
        if (check.accepted()) {
            signedIn.complete(pending.get(), request, response);
            return null; // the handler has redirected
        }
        if (check.throttled()) {
            response.setStatus(429);
            response.setHeader("Retry-After", String.valueOf(check.retryAfterSeconds()));
            model.addAttribute("throttledMinutes", (check.retryAfterSeconds() + 59) / 60);
        } else {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("wrongCode", true);
        }
        return CODE;
    }

    @PostMapping(TwoStepGate.PAGE + "/confirm")
    String confirmRequired(
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Optional<TwoStepPending> pending = pending();
        if (pending.isEmpty() || pending.get().need() != TwoStep.Need.ENROL) {
            return "redirect:/login";
        }
        Optional<List<String>> codes = twoStep.confirm(
                pending.get().getName(), code, request.getSession().getId());
        if (codes.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("wrongCode", true);
            return enrolment(pending.get().getName(), TwoStepGate.PAGE + "/confirm", true, model);
        }
        // Enrolled: the session is signed in from now on; the codes are shown once, then on to where they were going.
        request.changeSessionId();
        signedIn.admit(pending.get().passwordSignIn(), request, response);
        model.addAttribute("codes", codes.get());
        model.addAttribute("next", TwoStepGate.PAGE + "/continue");
        return CODES;
    }

    @GetMapping(TwoStepGate.PAGE + "/continue")
    String carryOn(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || authentication instanceof TwoStepPending
                || !authentication.isAuthenticated()
                || "anonymousUser".equals(authentication.getPrincipal())) {
            return "redirect:/login";
        }
        signedIn.proceed(authentication, request, response);
        return null;
    }

    // ---- a signed-in person's own settings -------------------------------------------------------------------

    @GetMapping("/two-step")
    String settings(Authentication authentication, Model model) {
        String account = authentication.getName();
        model.addAttribute("enrolled", twoStep.enrolled(account));
        model.addAttribute("required", twoStep.required(authentication));
        model.addAttribute("codesLeft", twoStep.recoveryCodesLeft(account));
        model.addAttribute(
                "back", SpaceAccount.of(authentication).map(a -> "/profile").orElse("/staff"));
        return SETTINGS;
    }

    @PostMapping("/two-step/setup")
    String setUp(Authentication authentication, Model model) {
        if (twoStep.enrolled(authentication.getName())) {
            return "redirect:/two-step";
        }
        return enrolment(authentication.getName(), "/two-step/confirm", false, model);
    }

    @PostMapping("/two-step/confirm")
    String confirm(
            @RequestParam(defaultValue = "") String code,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Optional<List<String>> codes = twoStep.confirm(
                authentication.getName(), code, request.getSession().getId());
        if (codes.isEmpty()) {
            if (twoStep.enrolled(authentication.getName())) {
                return "redirect:/two-step";
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("wrongCode", true);
            return enrolment(authentication.getName(), "/two-step/confirm", false, model);
        }
        model.addAttribute("codes", codes.get());
        model.addAttribute("next", "/two-step");
        return CODES;
    }

    @PostMapping("/two-step/recovery-codes")
    String newRecoveryCodes(
            @RequestParam(defaultValue = "") String code,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        TwoStep.Check check = twoStep.enrolled(authentication.getName())
                ? twoStep.verify(authentication, request.getRemoteAddr(), code)
                : new TwoStep.Check(false, false, 0, false);
        if (!check.accepted()) {
            response.setStatus(check.throttled() ? 429 : HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute(
                    check.throttled() ? "throttledMinutes" : "wrongCode",
                    check.throttled() ? (check.retryAfterSeconds() + 59) / 60 : true);
            return settings(authentication, model);
        }
        model.addAttribute("codes", twoStep.replaceRecoveryCodes(authentication.getName()));
        model.addAttribute("next", "/two-step");
        return CODES;
    }

    @PostMapping("/two-step/off")
    String turnOff(
            @RequestParam(defaultValue = "") String code,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (twoStep.required(authentication)) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("stillRequired", true);
            return settings(authentication, model);
        }
        if (!twoStep.turnOff(
                authentication,
                request.getRemoteAddr(),
                code,
                request.getSession().getId())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("wrongCode", true);
            return settings(authentication, model);
        }
        redirect.addFlashAttribute("done", "twostep.done.off");
        return "redirect:/two-step";
    }

    // ---- staff reset staff -----------------------------------------------------------------------------------

    @GetMapping("/staff/two-step")
    String staffPage(Model model) {
        model.addAttribute("requiredForStaff", twoStep.requiredForStaff());
        model.addAttribute(
                "staff",
                staffAccounts.list().stream()
                        .map(account -> new StaffTwoStep(account.uid(), twoStep.enrolled(account.uid())))
                        .toList());
        return STAFF;
    }

    @PostMapping("/staff/two-step/reset")
    String resetStaff(
            @RequestParam(defaultValue = "") String uid,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        String typed = uid.strip().toLowerCase(Locale.ROOT);
        boolean known = typed.matches("[a-z0-9][a-z0-9._-]{0,63}")
                && staffAccounts.find(typed).isPresent();
        if (!known || typed.equals(staff.getName())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("refused", known ? "twostep.staff.notYourself" : "twostep.staff.unknown");
            model.addAttribute("typedUid", uid);
            return staffPage(model);
        }
        boolean had = twoStep.reset(typed, staff.getName());
        redirect.addFlashAttribute("done", had ? "twostep.done.reset" : "twostep.done.nothingToReset");
        redirect.addFlashAttribute("doneArgument", typed);
        return "redirect:/staff/two-step";
    }

    /** A staff member as the reset page lists them. */
    record StaffTwoStep(String uid, boolean enrolled) {}

    // ----------------------------------------------------------------------------------------------------------

    private String enrolment(String account, String action, boolean required, Model model) {
        TwoStep.Enrolment enrolment =
                twoStep.start(account).orElseThrow(() -> new IllegalStateException("already enrolled"));
        model.addAttribute("secretText", enrolment.secretText());
        model.addAttribute("otpauthUri", enrolment.uri());
        model.addAttribute("qrCode", QrCode.dataUri(enrolment.uri()));
        model.addAttribute("action", action);
        model.addAttribute("required", required);
        model.addAttribute("account", account);
        return ENROL;
    }

    private static Optional<TwoStepPending> pending() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof TwoStepPending pending
                ? Optional.of(pending)
                : Optional.empty();
    }
}
