package org.essaim.member;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.testing.MutableClock;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** What every member test uses: the directory, the database, the movable clock (put back after each) and fixtures. */
abstract class SpaceTestSupport {

    @Autowired
    ApplicationContext context;

    @Autowired
    DirectoryConnection directory;

    @Autowired
    SpaceMembers spaceMembers;

    @Autowired
    DSLContext db;

    @Autowired
    MutableClock clock;

    @LocalServerPort
    int port;

    SpaceFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new SpaceFixtures(context, port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }
}
