package org.essaim.member;

import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.security.SpaceAccount;
import org.essaim.web.NotFoundException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may see what of a space, checked on every request that names one:
 * <ul>
 *   <li>an account of another space gets 404, as if the space did not exist (it learns nothing);</li>
 *   <li>a member of the space who is not an admin gets 403 on admin pages and calls (they know the space);</li>
 *   <li>an admin must still be one, and not disabled, in the directory <em>now</em>: a demotion or a disabling takes
 *       effect on the next request, not at the next sign-in.</li>
 * </ul>
 * Staff use their own console for spaces; on a space's API they may read (for support), and each read is audited
 * (see {@link MemberApi}).
 */
@Component
public class SpaceAccess {

    private final SpaceMembers members;

    SpaceAccess(SpaceMembers members) {
        this.members = members;
    }

    /** The signed-in account when it belongs to {@code slug}; 404 otherwise. */
    public SpaceAccount member(Authentication authentication, String slug) {
        SpaceAccount account = SpaceAccount.of(authentication)
                .filter(a -> a.slug().equals(slug))
                .orElseThrow(() -> new NotFoundException("space"));
        SpacePerson person = members.find(slug, account.uid()).orElseThrow(() -> new NotFoundException("space"));
        if (person.disabled()) {
            throw new AccessDeniedException("disabled");
        }
        return account;
    }

    /** The signed-in account when it is an admin of {@code slug}: 404 for another space, 403 for a member. */
    public SpaceAccount admin(Authentication authentication, String slug) {
        SpaceAccount account = SpaceAccount.of(authentication)
                .filter(a -> a.slug().equals(slug))
                .orElseThrow(() -> new NotFoundException("space"));
        SpacePerson person = members.find(slug, account.uid()).orElseThrow(() -> new NotFoundException("space"));
        if (person.disabled() || !person.admin()) {
            throw new AccessDeniedException("not an admin of this space");
        }
        return account;
    }

    /** Whether the signed-in account is an admin of its space right now. */
    public boolean isAdmin(SpaceAccount account) {
        return members.find(account.slug(), account.uid())
                .filter(person -> person.admin() && !person.disabled())
                .isPresent();
    }

    public static boolean isStaff(Authentication authentication) {
        return authentication != null
                && authentication.getAuthorities().stream()
                        .anyMatch(authority -> "ROLE_STAFF".equals(authority.getAuthority()));
    }
}
