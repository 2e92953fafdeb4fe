package org.essaim.signon;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

import static org.essaim.db.Tables.OAUTH2_AUTHORIZATION;

/** Ends a person's single sign-on: every authorization (codes, access and refresh tokens) granted to them goes. */
@Service
public class SignOnSessions {

    private final DSLContext db;

    SignOnSessions(DSLContext db) {
        this.db = db;
    }

    /** Removes every authorization of {@code uid} in {@code slug}; how many there were. */
    public int endPerson(String slug, String uid) {
        return db.deleteFrom(OAUTH2_AUTHORIZATION)
                .where(OAUTH2_AUTHORIZATION.PRINCIPAL_NAME.eq(new SignOnPrincipal(uid, slug).name()))
                .execute();
    }
}
