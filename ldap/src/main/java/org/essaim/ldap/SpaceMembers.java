package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The people of a space ({@code ou=people}) and its two groups ({@code cn=members}, {@code cn=admins}).
 *
 * <p>Names and emails are user input: every DN is built with the SDK's {@link DN}/{@code RDN} and every filter
 * with {@link Filter}'s factory methods, so {@code *()\,+=<>#;"} are stored verbatim and never change a DN's or a
 * filter's shape. Uids are chosen by the caller and must match {@link #UID}.
 *
 * <p>A disabled person carries ppolicy's {@code pwdAccountLockedTime} set to {@value #LOCKED_FOREVER}, which
 * OpenLDAP's ppolicy reads as "locked until an administrator unlocks": every bind fails, the apps' included. The
 * embedded directory does not enforce it, so {@link #signIn} checks it as well.
 *
 * <p>{@code groupOfNames} needs at least one member: both groups are created with the space's first person, and
 * no operation here ever empties one or removes the last admin.
 */
public final class SpaceMembers {

    /** Lower-case letters, digits, dot, hyphen and underscore, starting with a letter or digit, at most 64. */
    public static final Pattern UID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public static final String MEMBERS = "members";
    public static final String ADMINS = "admins";
    static final String LOCKED_FOREVER = "000001010000Z";
    private static final String LOCK = "pwdAccountLockedTime";
    private static final String[] PERSON_ATTRIBUTES = {"uid", "displayName", "cn", "mail", LOCK};

    private final DirectoryConnection directory;
    private final LDAPConnectionPool pool;
    private final DirectoryLayout layout;

    public SpaceMembers(DirectoryConnection directory) {
        this.directory = directory;
        this.pool = directory.pool();
        this.layout = directory.layout();
    }

    /**
     * Whom a sign-in names in a space: the person whose uid or email is {@code login} ({@code uid} null when
     * nobody), and whether they are disabled. See {@link #signInCandidate}.
     */
    public record SignInCandidate(String slug, String uid, boolean disabled) {

        public boolean found() {
            return uid != null;
        }
    }

    /**
     * Finds whom a sign-in names with one search, whatever was typed (a uid or an email, someone or nobody, a space
     * with or without a subtree): {@code (|(uid=<login>)(mail=<login>))} one level under the space's people, no
     * group read. With {@link #signIn(SignInCandidate, String)}, a sign-in always costs the directory one search
     * and one bind, so that a wrong password for an existing account cannot be told from an unknown one by timing.
     */
    public SignInCandidate signInCandidate(String slug, String login) {
        String typed = login == null ? "" : login;
        try {
            List<SearchResultEntry> entries = pool.search(
                            layout.people(slug).toString(),
                            SearchScope.ONE,
                            Filter.createANDFilter(
                                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                                    Filter.createORFilter(
                                            Filter.createEqualityFilter("uid", typed),
                                            Filter.createEqualityFilter("mail", typed))),
                            "uid",
                            LOCK)
                    .getSearchEntries();
            // A uid never holds "@" and a mail always does: at most one entry answers.
            return entries.stream()
                    .findFirst()
                    .map(entry -> new SignInCandidate(slug, entry.getAttributeValue("uid"), entry.hasAttribute(LOCK)))
                    .orElse(new SignInCandidate(slug, null, false));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return new SignInCandidate(slug, null, false);
            }
            throw directory.failure(e);
        }
    }

    /**
     * Checks a sign-in with exactly one bind: as the person, or, when nobody (or a disabled person) was found, as
     * the people's decoy ({@link DirectoryLayout#signInDecoy}), which costs the directory the same password check
     * and policy bookkeeping. Answers true only when an active person's own password is right. An empty password is
     * refused before anything is asked (an empty simple bind is an anonymous bind), whoever is named.
     */
    public boolean signIn(SignInCandidate candidate, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        boolean person = candidate.found() && !candidate.disabled();
        boolean bound = directory.authenticate(
                person ? layout.person(candidate.slug(), candidate.uid()) : layout.signInDecoy(true), password);
        return person && bound;
    }

    /**
     * Creates a person (without a password: set it with {@link #setPassword}) and adds them to {@code cn=members}.
     * The space's first person creates both groups and is therefore its first admin.
     *
     * @throws MembershipRefusedException {@code ALREADY_EXISTS} when the uid or the email is taken in this space
     */
    public SpacePerson create(String slug, String uid, String displayName, String email) {
        requireUid(uid);
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("A person needs a display name");
        }
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("A person needs an email");
        }
        if (findByEmail(slug, email).isPresent()) {
            throw new MembershipRefusedException(
                    MembershipRefusedException.Reason.ALREADY_EXISTS, "email already used in space " + slug);
        }
        DN dn = layout.person(slug, uid);
        Entry entry = new Entry(
                dn,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                new Attribute("uid", uid),
                new Attribute("cn", displayName),
                new Attribute("sn", displayName),
                new Attribute("displayName", displayName),
                new Attribute("mail", email),
                new Attribute("pwdPolicySubentry", layout.peoplePasswordPolicy().toString()));
        try {
            pool.add(entry);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                throw new MembershipRefusedException(
                        MembershipRefusedException.Reason.ALREADY_EXISTS,
                        "uid " + uid + " already used in space " + slug);
            }
            throw directory.failure(e);
        }
        boolean first = !addToGroup(slug, MEMBERS, dn);
        if (first) {
            createGroup(slug, MEMBERS, dn);
            createGroupIfMissing(slug, ADMINS, dn);
            addToGroup(slug, ADMINS, dn); // a promotion racing with this first creation may have made the group
        }
        return new SpacePerson(uid, displayName, email, first, false);
    }

    /** The person with this uid in this space. */
    public Optional<SpacePerson> find(String slug, String uid) {
        if (uid == null || !UID.matcher(uid).matches()) {
            return Optional.empty();
        }
        try {
            SearchResultEntry entry = pool.getEntry(layout.person(slug, uid).toString(), PERSON_ATTRIBUTES);
            return entry == null ? Optional.empty() : Optional.of(person(entry, members(slug, ADMINS)));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Optional.empty();
            }
            throw directory.failure(e);
        }
    }

    /** The person with this email in this space (emails compare case-insensitively, as LDAP's mail does). */
    public Optional<SpacePerson> findByEmail(String slug, String email) {
        return search(slug, Filter.createEqualityFilter("mail", email)).stream().findFirst();
    }

    /** Everyone in the space, by uid. */
    public List<SpacePerson> list(String slug) {
        return search(slug, null);
    }

    /** Accounts that can sign in: the space's people, less the disabled ones. */
    public int countActive(String slug) {
        try {
            return pool.search(
                            layout.people(slug).toString(),
                            SearchScope.ONE,
                            Filter.createANDFilter(
                                    Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                                    Filter.createNOTFilter(Filter.createPresenceFilter(LOCK))),
                            "1.1")
                    .getEntryCount();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return 0;
            }
            throw directory.failure(e);
        }
    }

    /**
     * Sets a person's password with Password Modify, after {@link PasswordPolicy} (uid, email local part, the slug
     * and the space's display name may not appear in it).
     *
     * @throws PasswordRefusedException when the policy refuses it, with the reason's code
     */
    public void setPassword(String slug, String uid, String password, String spaceName) {
        SpacePerson person = require(slug, uid);
        PasswordPolicy.require(
                password, new PasswordPolicy.PersonalWords(uid, person.email(), person.displayName(), slug, spaceName));
        directory.setPassword(layout.person(slug, uid), password);
    }

    /**
     * A person changes their own password: binds as them with the current one and sends Password Modify under
     * their own identity, as an app's "change password" page would. Answers false when the current password is
     * wrong or the account disabled.
     */
    public boolean changeOwnPassword(
            String slug, String uid, String currentPassword, String newPassword, String spaceName) {
        SpacePerson person = require(slug, uid);
        PasswordPolicy.require(
                newPassword,
                new PasswordPolicy.PersonalWords(uid, person.email(), person.displayName(), slug, spaceName));
        if (person.disabled() || currentPassword == null || currentPassword.isEmpty()) {
            return false;
        }
        DN dn = layout.person(slug, uid);
        LDAPConnection connection;
        try {
            connection = pool.getConnection();
        } catch (LDAPException e) {
            throw directory.failure(e);
        }
        try {
            try {
                connection.bind(new SimpleBindRequest(dn, currentPassword));
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    return false;
                }
                throw directory.failure(e);
            }
            ExtendedResult result = connection.processExtendedOperation(
                    new PasswordModifyExtendedRequest(null, currentPassword, newPassword));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new DirectoryRefusalException(result.getResultCode(), result.getDiagnosticMessage());
            }
            return true;
        } catch (LDAPException e) {
            throw directory.failure(e);
        } finally {
            // Back to the control plane's identity before anyone else uses this connection.
            pool.releaseAndReAuthenticateConnection(connection);
        }
    }

    /** Checks a person's password (by uid or email); a disabled person never signs in, whatever the directory. */
    public boolean signIn(String slug, String login, String password) {
        return signIn(signInCandidate(slug, login), password);
    }

    /**
     * Disables a person: every bind fails (ppolicy lock) until {@link #enable}; they stay in their groups. Never the
     * last admin who can still sign in: a space must keep someone able to manage it.
     */
    public void disable(String slug, String uid) {
        SpacePerson person = require(slug, uid);
        if (person.admin() && !person.disabled() && activeAdminsOtherThan(slug, layout.person(slug, uid)) == 0) {
            throw new MembershipRefusedException(MembershipRefusedException.Reason.LAST_ADMIN, uid);
        }
        modify(layout.person(slug, uid), new Modification(ModificationType.REPLACE, LOCK, LOCKED_FOREVER));
    }

    public void enable(String slug, String uid) {
        if (require(slug, uid).disabled()) {
            modify(layout.person(slug, uid), new Modification(ModificationType.DELETE, LOCK));
        }
    }

    /**
     * Puts a person in {@code cn=members} when they are not there (idempotent), creating the groups as {@link #create}
     * would when they are missing: completes a creation interrupted between the entry and its group.
     */
    public void ensureMember(String slug, String uid) {
        require(slug, uid);
        DN dn = layout.person(slug, uid);
        if (!addToGroup(slug, MEMBERS, dn)) {
            createGroup(slug, MEMBERS, dn);
            createGroupIfMissing(slug, ADMINS, dn);
        }
    }

    /** Every person of the space, disabled ones included: each holds a place until removed. */
    public int count(String slug) {
        try {
            return pool.search(
                            layout.people(slug).toString(),
                            SearchScope.ONE,
                            Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                            "1.1")
                    .getEntryCount();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return 0;
            }
            throw directory.failure(e);
        }
    }

    /**
     * A uid free in this space, derived from the display name (else the email's local part): accents dropped,
     * lower case, anything but letters and digits becomes a dot, so no LDAP-special character survives; a number
     * is added when the plain form is taken ({@code camille.martin2}). Another person may take it before
     * {@link #create} runs: {@code create} then refuses with {@code ALREADY_EXISTS} and the caller asks again.
     */
    public String freeUid(String slug, String displayName, String email) {
        return uid(displayName, email, candidate -> find(slug, candidate).isPresent());
    }

    /**
     * The one uid rule: {@link #uidBase} of the display name, else of the email's local part, else {@code member};
     * then {@code 2}, {@code 3}... added while {@code taken} says the candidate is used.
     */
    public static String uid(String displayName, String email, Predicate<String> taken) {
        String base = uidBase(displayName);
        if (base.isEmpty() && email != null) {
            base = uidBase(email.substring(0, Math.max(0, email.lastIndexOf('@'))));
        }
        if (base.isEmpty()) {
            base = "member";
        }
        String uid = base;
        for (int n = 2; taken.test(uid); n++) {
            uid = base + n;
        }
        return uid;
    }

    /** The plain form of a uid for a name: ASCII letters and digits joined by dots, at most 40 characters. */
    public static String uidBase(String name) {
        if (name == null) {
            return "";
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                .replace("ß", "ss")
                .replace("æ", "ae")
                .replace("œ", "oe")
                .replace("ø", "o")
                .replace("ł", "l");
        String dotted = ascii.replaceAll("[^a-z0-9]+", ".").replaceAll("^\\.+|\\.+$", "");
        if (dotted.length() > 40) {
            dotted = dotted.substring(0, 40).replaceAll("\\.+$", "");
        }
        return dotted;
    }

    /** Changes a person's display name (and cn, sn, which the apps show). */
    public void changeDisplayName(String slug, String uid, String displayName) {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("A person needs a display name");
        }
        require(slug, uid);
        try {
            pool.modify(
                    layout.person(slug, uid).toString(),
                    new Modification(ModificationType.REPLACE, "displayName", displayName),
                    new Modification(ModificationType.REPLACE, "cn", displayName),
                    new Modification(ModificationType.REPLACE, "sn", displayName));
        } catch (LDAPException e) {
            throw directory.failure(e);
        }
    }

    private int activeAdminsOtherThan(String slug, DN person) {
        int active = 0;
        for (DN admin : members(slug, ADMINS)) {
            if (admin.equals(person)) {
                continue;
            }
            try {
                SearchResultEntry entry = pool.getEntry(admin.toString(), LOCK);
                if (entry != null && !entry.hasAttribute(LOCK)) {
                    active++;
                }
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                    throw directory.failure(e);
                }
            }
        }
        return active;
    }

    /** Makes a member an admin (idempotent). */
    public void promote(String slug, String uid) {
        require(slug, uid);
        DN dn = layout.person(slug, uid);
        if (!addToGroup(slug, ADMINS, dn)) {
            // No admins group yet: the space's first person is being created at this very moment (40 people created
            // and promoted at once found it). Make it with this person, or join the one made meanwhile.
            createGroupIfMissing(slug, ADMINS, dn);
            addToGroup(slug, ADMINS, dn);
        }
    }

    /** Takes a person out of the admins, never the last one. */
    public void demote(String slug, String uid) {
        require(slug, uid);
        removeFromGroup(slug, ADMINS, layout.person(slug, uid), MembershipRefusedException.Reason.LAST_ADMIN);
    }

    /**
     * Removes a person: out of both groups first (refint would do it on OpenLDAP, but cannot empty a group and the
     * embedded directory has no refint), then their entry. Never the last admin nor the last member.
     */
    public void remove(String slug, String uid) {
        require(slug, uid);
        DN dn = layout.person(slug, uid);
        Set<DN> admins = members(slug, ADMINS);
        if (admins.contains(dn) && admins.size() == 1) {
            throw new MembershipRefusedException(MembershipRefusedException.Reason.LAST_ADMIN, uid);
        }
        removeFromGroup(slug, ADMINS, dn, MembershipRefusedException.Reason.LAST_ADMIN);
        removeFromGroup(slug, MEMBERS, dn, MembershipRefusedException.Reason.LAST_MEMBER);
        try {
            pool.delete(dn.toString());
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw directory.failure(e);
            }
        }
    }

    /** The DNs of a group's members (empty when the group does not exist yet). */
    public Set<DN> members(String slug, String group) {
        try {
            SearchResultEntry entry = pool.getEntry(layout.group(slug, group).toString(), "member");
            Set<DN> members = new HashSet<>();
            if (entry != null && entry.getAttributeValues("member") != null) {
                for (String value : entry.getAttributeValues("member")) {
                    members.add(new DN(value));
                }
            }
            return members;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return Set.of();
            }
            throw directory.failure(e);
        }
    }

    private List<SpacePerson> search(String slug, Filter filter) {
        Filter people = Filter.createEqualityFilter("objectClass", "inetOrgPerson");
        try {
            List<SearchResultEntry> entries = pool.search(
                            layout.people(slug).toString(),
                            SearchScope.ONE,
                            filter == null ? people : Filter.createANDFilter(people, filter),
                            PERSON_ATTRIBUTES)
                    .getSearchEntries();
            Set<DN> admins = entries.isEmpty() ? Set.of() : members(slug, ADMINS);
            return entries.stream()
                    .map(entry -> person(entry, admins))
                    .sorted(Comparator.comparing(SpacePerson::uid))
                    .toList();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            throw directory.failure(e);
        }
    }

    private static SpacePerson person(SearchResultEntry entry, Set<DN> admins) {
        String name = entry.getAttributeValue("displayName");
        DN dn;
        try {
            dn = entry.getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException("The directory returned an invalid DN: " + entry.getDN(), e);
        }
        return new SpacePerson(
                entry.getAttributeValue("uid"),
                name != null ? name : entry.getAttributeValue("cn"),
                entry.getAttributeValue("mail"),
                admins.contains(dn),
                entry.hasAttribute(LOCK));
    }

    private SpacePerson require(String slug, String uid) {
        return find(slug, uid)
                .orElseThrow(() -> new MembershipRefusedException(
                        MembershipRefusedException.Reason.UNKNOWN_PERSON, uid + " in space " + slug));
    }

    private static void requireUid(String uid) {
        if (uid == null || !UID.matcher(uid).matches()) {
            throw new IllegalArgumentException("Not a valid uid (" + UID.pattern() + "): " + uid);
        }
    }

    /** @return false when the group does not exist yet */
    private boolean addToGroup(String slug, String group, DN member) {
        if (members(slug, group).contains(member)) {
            return true;
        }
        try {
            pool.modify(
                    layout.group(slug, group).toString(),
                    new Modification(ModificationType.ADD, "member", member.toString()));
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            if (e.getResultCode() == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
                return true;
            }
            throw directory.failure(e);
        }
    }

    private void removeFromGroup(String slug, String group, DN member, MembershipRefusedException.Reason ifLast) {
        Set<DN> members = members(slug, group);
        if (!members.contains(member)) {
            return;
        }
        if (members.size() == 1) {
            throw new MembershipRefusedException(ifLast, member + " is the only one in cn=" + group);
        }
        // Deleting the value (not replacing the list) keeps concurrent changes to other members intact; if they
        // raced to remove everyone else, groupOfNames' MUST member makes the server refuse the last removal.
        modify(layout.group(slug, group), new Modification(ModificationType.DELETE, "member", member.toString()));
    }

    private void createGroup(String slug, String group, DN firstMember) {
        try {
            pool.add(groupEntry(slug, group, firstMember));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
                // Another first person won the race: join the group instead.
                addToGroup(slug, group, firstMember);
                return;
            }
            throw directory.failure(e);
        }
    }

    private void createGroupIfMissing(String slug, String group, DN firstMember) {
        try {
            pool.add(groupEntry(slug, group, firstMember));
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw directory.failure(e);
            }
        }
    }

    private Entry groupEntry(String slug, String group, DN firstMember) {
        return new Entry(
                layout.group(slug, group),
                new Attribute("objectClass", "top", "groupOfNames"),
                new Attribute("cn", group),
                new Attribute("member", firstMember.toString()));
    }

    private void modify(DN dn, Modification modification) {
        try {
            pool.modify(dn.toString(), modification);
        } catch (LDAPException e) {
            throw directory.failure(e);
        }
    }
}
