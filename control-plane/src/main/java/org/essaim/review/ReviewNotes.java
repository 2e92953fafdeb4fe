package org.essaim.review;

import org.essaim.application.Applications;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.PlainText;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.essaim.db.Tables.REVIEW_NOTE;

/** Notes reviewers leave each other on an application. Staff only; never shown to the applicant. */
@Service
public class ReviewNotes {

    public static final String BODY = "body";

    private final DSLContext db;
    private final Clock clock;
    private final Applications applications;
    private final AuditLog auditLog;

    ReviewNotes(DSLContext db, Clock clock, Applications applications, AuditLog auditLog) {
        this.db = db;
        this.clock = clock;
        this.applications = applications;
        this.auditLog = auditLog;
    }

    public record Note(long id, String author, OffsetDateTime writtenAt, String body) {}

    public List<Note> of(long applicationId) {
        return db.selectFrom(REVIEW_NOTE)
                .where(REVIEW_NOTE.APPLICATION_ID.eq(applicationId))
                .orderBy(REVIEW_NOTE.WRITTEN_AT, REVIEW_NOTE.ID)
                .fetch(r -> new Note(r.getId(), r.getAuthor(), r.getWrittenAt(), r.getBody()));
    }

    /** Deletes the notes on an application (its personal data is being erased); returns how many there were. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int forget(long applicationId) {
        return db.deleteFrom(REVIEW_NOTE)
                .where(REVIEW_NOTE.APPLICATION_ID.eq(applicationId))
                .execute();
    }

    @Transactional
    public Note add(long applicationId, String rawBody, String author) {
        List<FieldProblem> problems = new ArrayList<>();
        String body = PlainText.paragraph(BODY, rawBody, true, 1, 4000, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        applications.get(applicationId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = db.insertInto(REVIEW_NOTE)
                .set(REVIEW_NOTE.APPLICATION_ID, applicationId)
                .set(REVIEW_NOTE.AUTHOR, author)
                .set(REVIEW_NOTE.WRITTEN_AT, now)
                .set(REVIEW_NOTE.BODY, body)
                .returning(REVIEW_NOTE.ID)
                .fetchOne(REVIEW_NOTE.ID);
        auditLog.record(author, AuditAction.APPLICATION_NOTE_ADDED, Applications.target(applicationId), null);
        return new Note(id, author, now, body);
    }
}
