package org.essaim.member;

import org.essaim.member.password.EmailedPasswordLinks;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.MembershipRefusedException;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.space.LiveSpaces;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Locale;

/**
 * A space's people, as its admins manage them: the list, direct creation (the person gets a link to choose their
 * password), promotion, demotion, disabling, re-enabling and removal. Each change is audited with the admin as
 * actor. The directory refuses what would leave the space without an admin; that refusal comes back as a
 * {@link ConflictException} ({@code last-admin}).
 */
@Service
public class Members {

    private final LiveSpaces spaces;
    private final SpaceMembers members;
    private final Places places;
    private final EmailedPasswordLinks passwordLinks;
    private final AuditLog auditLog;

    private final org.essaim.security.SignedInSessions sessions;
    private final org.essaim.security.TwoStep twoStep;
    private final org.essaim.signon.SignOnSessions signOn;

    Members(LiveSpaces spaces, SpaceMembers members, Places places, EmailedPasswordLinks passwordLinks,
            AuditLog auditLog, org.essaim.security.SignedInSessions sessions,
            org.essaim.signon.SignOnSessions signOn, org.essaim.security.TwoStep twoStep) {
        this.sessions = sessions;
        this.signOn = signOn;
        this.twoStep = twoStep;
        this.spaces = spaces;
        this.members = members;
        this.places = places;
        this.passwordLinks = passwordLinks;
        this.auditLog = auditLog;
    }

    public List<SpacePerson> list(String slug) {
        spaces.require(slug);
        return members.list(slug);
    }

    /**
     * Creates an account at once (uid derived from the name) and sends its person a link to choose their password.
     * Takes a place; the directory entry is removed again if anything after it fails, so nothing is left half-made.
     */
    @Transactional
    public SpacePerson create(String slug, String rawName, String rawEmail, boolean asAdmin, Locale language,
                              String actor) {
        spaces.require(slug);
        MemberInput.NameAndEmail typed = MemberInput.nameAndEmail(rawName, rawEmail);
        String name = typed.name();
        String email = typed.email();
        places.reserve(slug, 1);
        if (members.findByEmail(slug, email).isPresent()) {
            throw new InvalidInputException(FieldProblem.of("email", "members.invite.alreadyMember", email));
        }
        String uid = members.freeUid(slug, name, email);
        try {
            members.create(slug, uid, name, email);
        } catch (MembershipRefusedException e) {
            throw new ConflictException("already-member", email);
        }
        try {
            if (asAdmin) {
                members.promote(slug, uid);
            }
            // The welcome link (7 days) to choose their own password, in this transaction: a rolled-back creation
            // sends nothing. The same service sends the import's welcome links and the forgotten-password links.
            passwordLinks.issue(slug, uid, EmailedPasswordLinks.WELCOME_VALIDITY, EmailedPasswordLinks.WELCOME_TEMPLATE,
                    language);
            auditLog.record(actor, AuditAction.MEMBER_CREATED, Invitations.target(slug),
                    asAdmin ? AuditDetail.MEMBER_CREATED_ADMIN : AuditDetail.MEMBER_CREATED_MEMBER, uid, email);
        } catch (RuntimeException e) {
            throw undone(members, slug, uid, e);
        }
        return members.find(slug, uid).orElseThrow();
    }

    /**
     * Removes an entry just created when what followed its creation failed, so that a retry starts clean; returns the
     * failure, with the removal's own failure, if any, suppressed in it.
     */
    static RuntimeException undone(SpaceMembers members, String slug, String uid, RuntimeException failure) {
        try {
            members.remove(slug, uid);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }

    public enum Action { PROMOTE, DEMOTE, DISABLE, ENABLE, REMOVE }

    /** One of an admin's actions on a person of their space. */
    @Transactional
    public void apply(String slug, String uid, Action action, String actor) {
        spaces.require(slug);
        if (members.find(slug, uid).isEmpty()) {
            throw new org.essaim.web.NotFoundException("person");
        }
        try {
            switch (action) {
                case PROMOTE -> members.promote(slug, uid);
                case DEMOTE -> members.demote(slug, uid);
                case DISABLE -> members.disable(slug, uid);
                case ENABLE -> members.enable(slug, uid);
                case REMOVE -> members.remove(slug, uid);
            }
        } catch (MembershipRefusedException e) {
            throw new ConflictException(e.reason() == MembershipRefusedException.Reason.LAST_MEMBER ? "last-member"
                    : "last-admin", uid);
        }
        AuditAction audited = switch (action) {
            case PROMOTE -> AuditAction.MEMBER_PROMOTED;
            case DEMOTE -> AuditAction.MEMBER_DEMOTED;
            case DISABLE -> AuditAction.MEMBER_DISABLED;
            case ENABLE -> AuditAction.MEMBER_ENABLED;
            case REMOVE -> AuditAction.MEMBER_REMOVED;
        };
        if (action == Action.DISABLE || action == Action.REMOVE) {
            // A disabled or removed person keeps no way in: no open session, no open password link.
            sessions.endSpaceAccount(slug, uid, null);
            // and no app keeps a token: every single sign-on authorization of theirs goes (no refresh either).
            signOn.endPerson(slug, uid);
            if (action == Action.REMOVE) {
                twoStep.forget(slug, uid); // a later account with the same uid enrols afresh
            }
            if (action == Action.DISABLE) {
                passwordLinks.revokeAll(slug, uid);
            }
        }
        auditLog.record(actor, audited, Invitations.target(slug), uid);
    }
}
