package org.essaim.privacy.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.SpacePerson;
import org.essaim.member.Invitations;
import org.essaim.member.Members;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A space's member list as one CSV file for its admins: every account (disabled ones too), then every invitation
 * still open or expired-but-resendable and every sign-up awaiting approval, what the console's People and
 * Invitations pages show, in one table with a first column saying which kind of row it is. Headers and values are in
 * the admin's language; dates are UTC. Each export is audited (who, when, how many rows; never names or addresses).
 */
@Service
class MemberListExport {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<String> COLUMNS =
            List.of("kind", "name", "email", "uid", "role", "state", "invitedAt", "invitedBy", "expiresAt");

    private final Members members;
    private final Invitations invitations;
    private final AuditLog auditLog;
    private final TransactionTemplate transaction;
    private final MessageSource messages;
    private final Clock clock;

    MemberListExport(
            Members members,
            Invitations invitations,
            AuditLog auditLog,
            TransactionTemplate transaction,
            MessageSource messages,
            Clock clock) {
        this.members = members;
        this.invitations = invitations;
        this.auditLog = auditLog;
        this.transaction = transaction;
        this.messages = messages;
        this.clock = clock;
    }

    /** The file and the name to save it under. */
    record Export(String filename, byte[] csv) {}

    /**
     * Builds the file, then records the export in the audit log; when the record cannot be written, no file is
     * given out. French files are separated by semicolons, as French spreadsheet settings expect; English ones by
     * commas.
     */
    Export export(String slug, String actor, Locale locale) {
        List<SpacePerson> people = members.list(slug);
        List<Invitations.Invitation> open = invitations.live(slug);
        MemberListCsv csv = new MemberListCsv(Locale.FRENCH.getLanguage().equals(locale.getLanguage()) ? ';' : ',');
        csv.row(COLUMNS.stream()
                .map(column -> text("privacy.export.column." + column, locale))
                .toList());
        for (SpacePerson person : people) {
            csv.row(List.of(
                    text("privacy.export.kind.account", locale),
                    person.displayName(),
                    person.email(),
                    person.uid(),
                    role(person.admin(), locale),
                    text(person.disabled() ? "privacy.export.state.disabled" : "privacy.export.state.active", locale),
                    "",
                    "",
                    ""));
        }
        for (Invitations.Invitation invitation : open) {
            boolean signUp = "JOIN_REQUEST".equals(invitation.kind());
            String state = invitation.expired()
                    ? "expired"
                    : "AWAITING_APPROVAL".equals(invitation.state()) ? "awaitingApproval" : "pending";
            csv.row(List.of(
                    text(signUp ? "privacy.export.kind.signUp" : "privacy.export.kind.invitation", locale),
                    orEmpty(invitation.displayName()),
                    invitation.email(),
                    "",
                    role(invitation.asAdmin(), locale),
                    text("privacy.export.state." + state, locale),
                    utc(invitation.createdAt()),
                    signUp ? "" : invitation.createdBy(),
                    utc(invitation.expiresAt())));
        }
        byte[] file = csv.bytes();
        transaction.executeWithoutResult(status -> auditLog.record(
                actor,
                AuditAction.MEMBER_LIST_EXPORTED,
                "space:" + slug,
                AuditDetail.MEMBER_LIST_EXPORTED,
                people.size(),
                open.size()));
        return new Export(slug + "-members-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".csv", file);
    }

    private String role(boolean admin, Locale locale) {
        return text(admin ? "privacy.export.role.admin" : "privacy.export.role.member", locale);
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }

    private static String utc(OffsetDateTime time) {
        return time == null ? "" : DATE_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
