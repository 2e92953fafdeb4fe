package org.essaim.review;

import org.essaim.campaign.Campaign;
import org.essaim.campaign.CampaignState;
import org.essaim.campaign.Campaigns;
import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ReviewDesk;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.AUDIT_EVENT;
import static org.essaim.db.Tables.MAIL_OUTBOX;
import static org.essaim.db.Tables.REVIEW_NOTE;
import static org.essaim.db.Tables.SPACE;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A signed-in account that is not staff (a space member, once members sign in) is refused every staff action with
 * 403, on the API and on the pages, and nothing changes. The account is made by Spring Security's test support,
 * since only staff accounts can sign in today; the filter chains and rules are the application's own.
 */
@EssaimTest
class NonStaffTest {

    @Autowired
    WebApplicationContext context;

    @Autowired
    ReviewDesk desk;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DSLContext db;

    private MockMvc mvc;
    private long applicationId;
    private final RequestPostProcessor member = user("sacha").roles("MEMBER");

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        desk.openCampaign();
        applicationId = desk.applicants().confirmed("nonstaff");
    }

    @Test
    void aDecisionByANonStaffAccountIs403OnTheApiAndChangesNothing() throws Exception {
        ApplicationRecord before = application();
        int mails = db.fetchCount(MAIL_OUTBOX);
        int audited = db.fetchCount(AUDIT_EVENT);

        mvc.perform(post("/api/v1/staff/applications/" + applicationId + "/decision")
                        .with(member)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"decision\": \"APPROVE\", \"reason\": \"I approve myself.\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        assertThat(application()).isEqualTo(before);
        assertThat(db.fetchCount(SPACE, SPACE.APPLICATION_ID.eq(applicationId))).isZero();
        assertThat(db.fetchCount(MAIL_OUTBOX)).isEqualTo(mails);
        assertThat(db.fetchCount(AUDIT_EVENT)).isEqualTo(audited);
    }

    @Test
    void aDecisionByANonStaffAccountIs403OnThePagesAndChangesNothing() throws Exception {
        ApplicationRecord before = application();

        mvc.perform(post("/staff/applications/" + applicationId + "/decision")
                        .with(member)
                        .with(csrf())
                        .param("decision", "APPROVE")
                        .param("reason", "I approve myself."))
                .andExpect(status().isForbidden());
        mvc.perform(post("/staff/applications/" + applicationId + "/notes")
                        .with(member)
                        .with(csrf())
                        .param("body", "A note"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/staff/applications/" + applicationId + "/assign")
                        .with(member)
                        .with(csrf())
                        .param("assignee", "sacha"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/staff/applications/" + applicationId).with(member)).andExpect(status().isForbidden());

        assertThat(application()).isEqualTo(before);
        assertThat(db.fetchCount(REVIEW_NOTE, REVIEW_NOTE.APPLICATION_ID.eq(applicationId)))
                .isZero();
    }

    @Test
    void campaignsAndTheAuditLogAreStaffOnlyToo() throws Exception {
        Campaign planned = campaigns.create("Not for members", null, null, ApplicationFixtures.TEST_ACTOR);

        mvc.perform(post("/api/v1/staff/campaigns/" + planned.id() + "/open").with(member))
                .andExpect(status().isForbidden());
        mvc.perform(post("/staff/campaigns/" + planned.id() + "/open")
                        .with(member)
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/staff/applications").with(member)).andExpect(status().isForbidden());
        mvc.perform(get("/staff/audit").with(member)).andExpect(status().isForbidden());

        assertThat(campaigns.find(planned.id()).state()).isEqualTo(CampaignState.PLANNED);
    }

    private ApplicationRecord application() {
        return db.selectFrom(APPLICATION)
                .where(APPLICATION.ID.eq(applicationId))
                .fetchSingle();
    }
}
