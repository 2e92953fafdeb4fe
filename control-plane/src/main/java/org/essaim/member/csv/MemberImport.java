package org.essaim.member.csv;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.MemberImportRowRecord;
import org.essaim.ldap.DirectoryRefusalException;
import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.ldap.MembershipRefusedException;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.member.NoPlacesLeftException;
import org.essaim.member.Places;
import org.essaim.member.password.EmailedPasswordLinks;
import org.essaim.space.Space;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.UnknownSpaceException;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.essaim.db.Tables.MEMBER_IMPORT_ROW;
import static org.essaim.db.Tables.MEMBER_IMPORT_RUN;

/**
 * Brings the people of a CSV list into a space: {@link #preview} says what would happen to each row and writes
 * nothing; {@link #run} does it. Each row's fate is written to {@code member_import_row} as the run goes (every row
 * is first recorded as not tried, a new account's uid before its entry is created), so when the directory becomes
 * unreachable halfway the admin sees which rows were created and which were not, and running the same file again
 * completes it: an email an earlier run recorded with the uid the directory now holds is recognised as "ours" (its
 * group membership, admin role and welcome link are completed) instead of being refused as a duplicate.
 *
 * <p>A few rows run at a time ({@code essaim.members.import.parallelism}, 4): each waits mostly on the directory's
 * disk writes and on PostgreSQL. The first directory failure stops the run; rows already under way finish or fail.
 *
 * <p>Places: the caller passes how many places the space has left (for the plan: rows past them are refused as over
 * the limit), and each new account also takes its place through {@link Places#reserve} in the transaction during
 * which its directory entry is created, under the space's row lock: however many imports, invitations and sign-ups
 * run at once, the limit is never exceeded; a row that finds no place left then (another request took it since the
 * plan) is refused as over the limit.
 */
@Service
public class MemberImport {

    private static final Logger log = LoggerFactory.getLogger(MemberImport.class);
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final String ARGUMENT_SEPARATOR = "\u001F";
    /** Outcomes a run left to do: finishing the run does them again. */
    public static final Set<Outcome> UNFINISHED = EnumSet.of(Outcome.FAILED, Outcome.NOT_ATTEMPTED, Outcome.PENDING);

    /** A run as recorded: whether the directory stopped it, and every row's outcome. */
    public record RunReport(long runId, String slug, boolean interrupted, List<ReportRow> rows) {

        public long count(Outcome outcome) {
            return rows.stream().filter(row -> row.outcome() == outcome).count();
        }
    }

    /** What happened to one row. */
    public enum Outcome {
        /** A new account, in its groups, with its welcome link queued. */
        CREATED,
        /** Created by an earlier run that did not finish it; this run finished it. */
        COMPLETED,
        /** Created and finished by an earlier run; nothing left to do. */
        UNCHANGED,
        REFUSED,
        /** The directory failed or refused during this row; see the reason. */
        FAILED,
        /** The run stopped before this row. */
        NOT_ATTEMPTED,
        /** The run was cut (the application stopped) while this row was being created. */
        PENDING
    }

    public record ReportRow(int line, String name, String email, MemberRole role, String uid, Outcome outcome,
                            RowProblem problem) {
    }

    private final DSLContext db;
    private final Clock clock;
    private final SpaceMembers members;
    private final SpaceRegistry spaces;
    private final EmailedPasswordLinks links;
    private final AuditLog auditLog;
    private final TransactionTemplate transaction;
    private final Places places;
    private final MessageSource messages;
    private final CsvLimits limits;
    private final int parallelism;
    private final DataSource dataSource;

    MemberImport(DSLContext db, Clock clock, SpaceMembers members, SpaceRegistry spaces, EmailedPasswordLinks links,
                 AuditLog auditLog, TransactionTemplate transaction, Places places, MessageSource messages,
                 DataSource dataSource,
                 MemberImportSettings settings) {
        this.db = db;
        this.clock = clock;
        this.members = members;
        this.spaces = spaces;
        this.links = links;
        this.auditLog = auditLog;
        this.transaction = transaction;
        this.places = places;
        this.messages = messages;
        this.limits = new CsvLimits(settings.maxBytes(), settings.maxRows());
        this.parallelism = settings.parallelism();
        this.dataSource = dataSource;
    }

    public CsvLimits limits() {
        return limits;
    }

    /**
     * What importing the file would do, row by row; writes nothing.
     *
     * @throws MemberListRefusedException when the file as a whole cannot be read
     */
    public ImportPlan preview(String slug, byte[] csv, int placesLeft) {
        requireSpace(slug);
        MemberList list = MemberList.read(csv, limits);
        return ImportPlan.of(list, members.list(slug), importedEarlier(slug), placesLeft);
    }

    /**
     * Imports the file: creates each accepted person (entry, {@code cn=members}, {@code cn=admins} for admins) and
     * queues their welcome link (valid 7 days), recording each row's outcome as it goes. Stops at the first row the
     * directory cannot be reached for; the rest are left "not tried" for the next run.
     *
     * @throws MemberListRefusedException when the file as a whole cannot be read (nothing is written)
     */
    public RunReport run(String slug, byte[] csv, int placesLeft, String actor) {
        Space space = requireSpace(slug);
        MemberList list = MemberList.read(csv, limits);
        List<SpacePerson> existing = members.list(slug);
        Map<String, String> earlier = importedEarlier(slug);
        ImportPlan plan = ImportPlan.of(list, existing, earlier, placesLeft);
        long runId = start(slug, actor, plan);
        try (RunLock lock = RunLock.take(dataSource, runId).orElseThrow(() -> new RunInProgressException(runId))) {
            return carryOut(space, runId, plan, existing, earlier, actor);
        }
    }

    private RunReport carryOut(Space space, long runId, ImportPlan plan, List<SpacePerson> existing,
                               Map<String, String> earlier, String actor) {
        Set<String> inDirectory = ImportPlan.uids(existing);
        Set<String> taken = new HashSet<>(inDirectory);
        taken.addAll(earlier.values());
        Set<String> chosen = new HashSet<>();
        Locale locale = Locale.forLanguageTag(space.language());
        // Uids are chosen in file order first, so that the same file gives the same uids whatever the timing.
        Map<Integer, String> uids = new HashMap<>();
        for (ImportPlan.PlannedRow row : plan.rows()) {
            if (row.fate() == ImportPlan.Fate.CREATE) {
                uids.put(row.line(), chooseUid(row, earlier, inDirectory, taken, chosen));
            }
        }
        AtomicBoolean stopped = new AtomicBoolean();
        // A few rows at a time: each row waits mostly on the directory's disk writes and on PostgreSQL.
        try (ExecutorService workers = Executors.newFixedThreadPool(parallelism)) {
            for (ImportPlan.PlannedRow row : plan.rows()) {
                if (row.fate() != ImportPlan.Fate.REFUSED) {
                    workers.execute(() -> importRow(space, runId, row, uids.get(row.line()), locale, stopped));
                }
            }
        }
        boolean interrupted = stopped.get();
        finish(runId, space.slug(), actor, interrupted);
        return report(runId);
    }

    /**
     * Finishes a run that was cut (the directory failed, or the application stopped during it, even by
     * {@code kill -9}), from what the database recorded of it, without the file: rows not tried, pending or failed,
     * and rows recorded as created whose entry the directory does not hold, are done again in the same run. A person
     * already in the directory under the recorded uid is completed (groups, admin role; a welcome link only if they
     * have none open); nobody is created twice, no second welcome link is sent for a link still open.
     *
     * @throws RunInProgressException when the run is still going (here or on another replica)
     */
    public RunReport resume(String slug, long runId, String actor) {
        Space space = requireSpace(slug);
        try (RunLock lock = RunLock.take(dataSource, runId).orElseThrow(() -> new RunInProgressException(runId))) {
            RunReport recorded = report(runId);
            if (!recorded.slug().equals(slug)) {
                throw new UnknownSpaceException(slug);
            }
            Map<String, SpacePerson> byUid = new HashMap<>();
            Map<String, SpacePerson> byEmail = new HashMap<>();
            for (SpacePerson person : members.list(slug)) {
                byUid.put(person.uid(), person);
                if (person.email() != null) {
                    byEmail.put(person.email().toLowerCase(Locale.ROOT), person);
                }
            }
            Set<String> taken = new HashSet<>(byUid.keySet());
            taken.addAll(importedEarlier(slug).values());
            Locale locale = Locale.forLanguageTag(space.language());
            AtomicBoolean stopped = new AtomicBoolean();
            try (ExecutorService workers = Executors.newFixedThreadPool(parallelism)) {
                for (ReportRow row : recorded.rows()) {
                    boolean recordedDone = row.outcome() == Outcome.CREATED || row.outcome() == Outcome.COMPLETED;
                    boolean toRedo = UNFINISHED.contains(row.outcome())
                            || recordedDone && row.uid() != null && !byUid.containsKey(row.uid());
                    if (!toRedo) {
                        continue;
                    }
                    String emailKey = row.email() == null ? null : row.email().toLowerCase(Locale.ROOT);
                    SpacePerson sameEmail = emailKey == null ? null : byEmail.get(emailKey);
                    if (sameEmail != null && !sameEmail.uid().equals(row.uid())) {
                        record(runId, row.line(), Outcome.REFUSED, RowProblem.of("email", "memberimport.row.existingAccount"));
                        continue;
                    }
                    ImportPlan.Fate fate = sameEmail != null ? ImportPlan.Fate.COMPLETE : ImportPlan.Fate.CREATE;
                    String uid = sameEmail != null ? sameEmail.uid()
                            : row.uid() != null && !byUid.containsKey(row.uid()) ? row.uid()
                            : Uids.choose(row.name(), row.email(), taken);
                    taken.add(uid);
                    ImportPlan.PlannedRow planned = new ImportPlan.PlannedRow(row.line(), row.name(), row.email(),
                            row.role(), fate, null, uid);
                    // A row recorded as created already has its welcome link, unless it was used or has expired.
                    workers.execute(() -> importRow(space, runId, planned, uid, locale, stopped, recordedDone));
                }
            }
            finish(runId, slug, actor, stopped.get());
            return report(runId);
        }
    }

    private void importRow(Space space, long runId, ImportPlan.PlannedRow row, String uid, Locale locale,
                           AtomicBoolean stopped) {
        importRow(space, runId, row, uid, locale, stopped, false);
    }

    /** One row, unless the directory already failed for another row of this run (then it stays "not tried"). */
    private void importRow(Space space, long runId, ImportPlan.PlannedRow row, String uid, Locale locale,
                           AtomicBoolean stopped, boolean linkSentBefore) {
        if (stopped.get()) {
            return;
        }
        try {
            if (row.fate() == ImportPlan.Fate.CREATE) {
                create(space, runId, row, uid, locale, linkSentBefore);
            } else {
                complete(space, runId, row, locale);
            }
        } catch (NoPlacesLeftException full) {
            record(runId, row.line(), Outcome.REFUSED, RowProblem.of("row", "memberimport.row.overLimit", full.left()));
        } catch (DirectoryUnavailableException unavailable) {
            stopped.set(true);
            record(runId, row.line(), Outcome.FAILED, RowProblem.of("row", "memberimport.row.directoryUnavailable"));
        } catch (MembershipRefusedException | DirectoryRefusalException refused) {
            String why = refused instanceof MembershipRefusedException membership
                    ? membership.reason().name() : ((DirectoryRefusalException) refused).resultCode().getName();
            record(runId, row.line(), Outcome.FAILED, RowProblem.of("row", "memberimport.row.failed", why));
        } catch (RuntimeException unexpected) {
            // The row stays as recorded (not tried, or pending with its uid): the next run completes it.
            stopped.set(true);
            log.warn("Import run {} stopped at line {} of space {}: {}", runId, row.line(), space.slug(),
                    unexpected.toString());
        }
    }

    /**
     * A uid an earlier run recorded for this email but never got into the directory is used again; otherwise a new
     * one, free in the directory, in earlier runs' records and in this run.
     */
    private static String chooseUid(ImportPlan.PlannedRow row, Map<String, String> earlier, Set<String> inDirectory,
                                    Set<String> taken, Set<String> chosen) {
        String recorded = earlier.get(row.emailKey());
        String uid = recorded != null && !inDirectory.contains(recorded) && !chosen.contains(recorded)
                ? recorded : Uids.choose(row.name(), row.email(), taken);
        taken.add(uid);
        chosen.add(uid);
        return uid;
    }

    private void create(Space space, long runId, ImportPlan.PlannedRow row, String uid, Locale locale,
                        boolean linkSentBefore) {
        transaction.executeWithoutResult(status -> db.update(MEMBER_IMPORT_ROW)
                .set(MEMBER_IMPORT_ROW.UID, uid).set(MEMBER_IMPORT_ROW.OUTCOME, Outcome.PENDING)
                .where(MEMBER_IMPORT_ROW.RUN_ID.eq(runId)).and(MEMBER_IMPORT_ROW.LINE.eq(row.line())).execute());
        // The place is taken under the space's row lock, held while the entry is created, so that the next
        // reservation (of this run or of anyone else) counts this entry.
        transaction.executeWithoutResult(status -> {
            places.reserve(space.slug(), 1);
            SpacePerson person = members.create(space.slug(), uid, row.name(), row.email());
            if (row.role() == MemberRole.ADMIN && !person.admin()) {
                members.promote(space.slug(), uid);
            }
            if (!(linkSentBefore && links.hasOpenLink(space.slug(), uid))) {
                links.issue(space, person, EmailedPasswordLinks.WELCOME_VALIDITY, EmailedPasswordLinks.WELCOME_TEMPLATE, locale);
            }
            setOutcome(runId, row.line(), Outcome.CREATED, null);
        });
    }

    private void complete(Space space, long runId, ImportPlan.PlannedRow row, Locale locale) {
        members.ensureMember(space.slug(), row.uid());
        if (row.role() == MemberRole.ADMIN) {
            members.promote(space.slug(), row.uid());
        }
        boolean finishedBefore = db.fetchExists(MEMBER_IMPORT_ROW, MEMBER_IMPORT_ROW.SPACE_SLUG.eq(space.slug())
                .and(MEMBER_IMPORT_ROW.EMAIL_KEY.eq(row.emailKey())).and(MEMBER_IMPORT_ROW.UID.eq(row.uid()))
                .and(MEMBER_IMPORT_ROW.OUTCOME.in(Outcome.CREATED, Outcome.COMPLETED)));
        SpacePerson person = members.find(space.slug(), row.uid())
                .orElseThrow(() -> new MembershipRefusedException(MembershipRefusedException.Reason.UNKNOWN_PERSON,
                        row.uid()));
        transaction.executeWithoutResult(status -> {
            if (!finishedBefore) {
                links.issue(space, person, EmailedPasswordLinks.WELCOME_VALIDITY, EmailedPasswordLinks.WELCOME_TEMPLATE, locale);
            }
            setOutcome(runId, row.line(), finishedBefore ? Outcome.UNCHANGED : Outcome.COMPLETED, null);
        });
    }

    private long start(String slug, String actor, ImportPlan plan) {
        Long id = transaction.execute(status -> {
            long runId = db.insertInto(MEMBER_IMPORT_RUN)
                    .set(MEMBER_IMPORT_RUN.SPACE_SLUG, slug)
                    .set(MEMBER_IMPORT_RUN.ACTOR, actor)
                    .set(MEMBER_IMPORT_RUN.STARTED_AT, OffsetDateTime.now(clock))
                    .set(MEMBER_IMPORT_RUN.ROW_COUNT, plan.rows().size())
                    .set(MEMBER_IMPORT_RUN.PLACES_LEFT, plan.placesLeft())
                    .returning(MEMBER_IMPORT_RUN.ID).fetchOne(MEMBER_IMPORT_RUN.ID);
            List<MemberImportRowRecord> records = new ArrayList<>(plan.rows().size());
            for (ImportPlan.PlannedRow row : plan.rows()) {
                MemberImportRowRecord record = db.newRecord(MEMBER_IMPORT_ROW);
                record.setRunId(runId);
                record.setLine(row.line());
                record.setSpaceSlug(slug);
                record.setDisplayName(row.name());
                record.setEmail(row.email());
                record.setEmailKey(row.emailKey());
                record.setRole(row.role());
                record.setUid(row.uid());
                record.setOutcome(row.fate() == ImportPlan.Fate.REFUSED ? Outcome.REFUSED : Outcome.NOT_ATTEMPTED);
                if (row.problem() != null) {
                    setProblem(record, row.problem());
                }
                records.add(record);
            }
            db.batchInsert(records).execute();
            return runId;
        });
        return id;
    }

    private void record(long runId, int line, Outcome outcome, RowProblem problem) {
        transaction.executeWithoutResult(status -> setOutcome(runId, line, outcome, problem));
    }

    private void setOutcome(long runId, int line, Outcome outcome, RowProblem problem) {
        MemberImportRowRecord record = db.newRecord(MEMBER_IMPORT_ROW);
        record.setOutcome(outcome);
        setProblem(record, problem);
        db.update(MEMBER_IMPORT_ROW)
                .set(MEMBER_IMPORT_ROW.OUTCOME, outcome)
                .set(MEMBER_IMPORT_ROW.REASON_COLUMN, record.getReasonColumn())
                .set(MEMBER_IMPORT_ROW.REASON, record.getReason())
                .set(MEMBER_IMPORT_ROW.REASON_ARGS, record.getReasonArgs())
                .where(MEMBER_IMPORT_ROW.RUN_ID.eq(runId)).and(MEMBER_IMPORT_ROW.LINE.eq(line)).execute();
    }

    private static void setProblem(MemberImportRowRecord record, RowProblem problem) {
        record.setReasonColumn(problem == null ? null : problem.column());
        record.setReason(problem == null ? null : problem.code());
        if (problem == null || problem.arguments().isEmpty()) {
            record.setReasonArgs(null);
            return;
        }
        String joined = String.join(ARGUMENT_SEPARATOR, problem.arguments().stream().map(String::valueOf).toList());
        record.setReasonArgs(joined.length() > 400 ? joined.substring(0, 400) : joined);
    }

    private void finish(long runId, String slug, String actor, boolean interrupted) {
        transaction.executeWithoutResult(status -> {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            db.select(MEMBER_IMPORT_ROW.OUTCOME, org.jooq.impl.DSL.count()).from(MEMBER_IMPORT_ROW)
                    .where(MEMBER_IMPORT_ROW.RUN_ID.eq(runId)).groupBy(MEMBER_IMPORT_ROW.OUTCOME)
                    .forEach(r -> counts.put(r.value1(), r.value2()));
            int created = counts.getOrDefault(Outcome.CREATED, 0);
            int completed = counts.getOrDefault(Outcome.COMPLETED, 0);
            int refused = counts.getOrDefault(Outcome.REFUSED, 0);
            int failed = counts.getOrDefault(Outcome.FAILED, 0);
            int notAttempted = counts.getOrDefault(Outcome.NOT_ATTEMPTED, 0);
            db.update(MEMBER_IMPORT_RUN)
                    .set(MEMBER_IMPORT_RUN.FINISHED_AT, OffsetDateTime.now(clock))
                    .set(MEMBER_IMPORT_RUN.CREATED, created)
                    .set(MEMBER_IMPORT_RUN.COMPLETED, completed)
                    .set(MEMBER_IMPORT_RUN.REFUSED, refused)
                    .set(MEMBER_IMPORT_RUN.FAILED, failed)
                    .set(MEMBER_IMPORT_RUN.INTERRUPTED, interrupted)
                    .where(MEMBER_IMPORT_RUN.ID.eq(runId)).execute();
            auditLog.record(actor, AuditAction.MEMBERS_IMPORTED, "space:" + slug,
                    interrupted ? org.essaim.audit.AuditDetail.MEMBERS_IMPORTED_INTERRUPTED : org.essaim.audit.AuditDetail.MEMBERS_IMPORTED,
                    runId, created, completed, refused, failed, notAttempted);
        });
    }

    /** A run's rows in file order. */
    public RunReport report(long runId) {
        var run = db.selectFrom(MEMBER_IMPORT_RUN).where(MEMBER_IMPORT_RUN.ID.eq(runId)).fetchSingle();
        List<ReportRow> rows = db.selectFrom(MEMBER_IMPORT_ROW).where(MEMBER_IMPORT_ROW.RUN_ID.eq(runId))
                .orderBy(MEMBER_IMPORT_ROW.LINE)
                .fetch(r -> new ReportRow(r.getLine(), r.getDisplayName(), r.getEmail(),
                        r.getRole(), r.getUid(), r.getOutcome(), problem(r)));
        // A run never finished was cut by a stop of the application (or is still going: see resume).
        return new RunReport(runId, run.getSpaceSlug(), run.getInterrupted() || run.getFinishedAt() == null, rows);
    }

    private static RowProblem problem(MemberImportRowRecord r) {
        if (r.getReason() == null) {
            return null;
        }
        List<Object> arguments = new ArrayList<>();
        if (r.getReasonArgs() != null) {
            for (String argument : r.getReasonArgs().split(ARGUMENT_SEPARATOR, -1)) {
                arguments.add(NUMBER.matcher(argument).matches() ? (Object) Long.parseLong(argument) : argument);
            }
        }
        return new RowProblem(r.getReasonColumn(), r.getReason(), arguments);
    }

    /** Why a row is refused or failed, in the reader's language: "Email: The same email as line 3." */
    public String reason(RowProblem problem, Locale locale) {
        String column = messages.getMessage("memberimport.column." + problem.column(), null, locale);
        String message = messages.getMessage(problem.code(), problem.argumentArray(), locale);
        return messages.getMessage("memberimport.row.reason", new Object[] {column, message}, locale);
    }

    /** A planned row's fate in the reader's language: "Will be created as admin", or the refusal's reason. */
    public String fate(ImportPlan.PlannedRow row, Locale locale) {
        if (row.fate() == ImportPlan.Fate.REFUSED) {
            return messages.getMessage("memberimport.fate.REFUSED", null, locale) + " — " + reason(row.problem(), locale);
        }
        Object role = row.role() == null ? "" : messages.getMessage("memberimport.role." + row.role().name(), null, locale);
        return messages.getMessage("memberimport.fate." + row.fate().name(), new Object[] {role}, locale);
    }

    /** Email (lower case) to uid of the people earlier runs recorded for this space, the latest run winning. */
    private Map<String, String> importedEarlier(String slug) {
        Map<String, String> earlier = new HashMap<>();
        db.select(MEMBER_IMPORT_ROW.EMAIL_KEY, MEMBER_IMPORT_ROW.UID).from(MEMBER_IMPORT_ROW)
                .where(MEMBER_IMPORT_ROW.SPACE_SLUG.eq(slug)).and(MEMBER_IMPORT_ROW.UID.isNotNull())
                .orderBy(MEMBER_IMPORT_ROW.RUN_ID.desc())
                .forEach(r -> earlier.putIfAbsent(r.value1(), r.value2()));
        return earlier;
    }

    private Space requireSpace(String slug) {
        return spaces.findBySlug(slug).orElseThrow(() -> new UnknownSpaceException(slug));
    }
}
