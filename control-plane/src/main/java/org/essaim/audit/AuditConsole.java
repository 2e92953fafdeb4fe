package org.essaim.audit;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;

/** The audit log for staff: who did what, when, on what; filtered by action, actor and target, newest first. */
@Controller
class AuditConsole {

    static final String VIEW = "staff/audit";
    static final int PAGE = 50;

    private final AuditLog auditLog;

    AuditConsole(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/staff/audit")
    String log(
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String before,
            Model model) {
        AuditAction wanted = action == null || action.isBlank()
                ? null
                : AuditAction.fromCode(action.strip()).orElse(null);
        boolean unknownAction = action != null && !action.isBlank() && wanted == null;
        Long beforeId = before != null && before.matches("[0-9]{1,18}") ? Long.valueOf(before) : null;
        String actorFilter = actor == null || actor.length() > 200 ? null : actor;
        String targetFilter = target == null || target.length() > 300 ? null : target;
        List<AuditLog.AuditEvent> events =
                unknownAction ? List.of() : auditLog.search(wanted, actorFilter, targetFilter, beforeId, PAGE + 1);
        boolean more = events.size() > PAGE;
        events = more ? events.subList(0, PAGE) : events;
        model.addAttribute("events", events);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("action", wanted == null ? "" : wanted.code());
        model.addAttribute("actor", actorFilter == null ? "" : actorFilter);
        model.addAttribute("target", targetFilter == null ? "" : targetFilter);
        model.addAttribute("unknownAction", unknownAction);
        model.addAttribute("nextBefore", more ? events.getLast().id() : null);
        model.addAttribute("paged", beforeId != null);
        return VIEW;
    }
}
