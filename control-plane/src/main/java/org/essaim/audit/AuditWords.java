package org.essaim.audit;

import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * An audit entry's detail in the reader's language: a worded detail ({@link AuditDetail}) from the bundles, a text
 * detail as it was recorded. Templates call {@code ${@auditWords.detail(e, #locale)}} beside
 * {@code th:lang="${e.detailLanguage()}"}.
 */
@Component("auditWords")
public class AuditWords {

    private final MessageSource messages;

    AuditWords(MessageSource messages) {
        this.messages = messages;
    }

    /** The detail to show, or null when the entry has none. */
    public String detail(AuditLog.AuditEvent event, Locale locale) {
        if (event.detailCode() == null) {
            return event.detail();
        }
        try {
            return messages.getMessage(
                    AuditDetail.messageKey(event.detailCode()),
                    event.detailArguments().toArray(),
                    locale);
        } catch (NoSuchMessageException | IllegalArgumentException e) {
            // A wording this version does not know (recorded by a newer one): its arguments, which are names and
            // numbers.
            return String.join(", ", event.detailArguments());
        }
    }
}
