package org.essaim.campaign;

import org.essaim.db.tables.records.CampaignSubscriberRecord;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.web.PublicLinks;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.essaim.db.Tables.CAMPAIGN_SUBSCRIBER;

/**
 * The addresses of people who asked to be told when the next campaign opens. Used for that and nothing else: an
 * acknowledgement with a removal link when they subscribe, one message when a campaign opens, after which the
 * address is erased. The page answers the same whether an address was already listed or not, so it reveals
 * nobody's subscription.
 */
@Service
public class CampaignSubscribers {

    static final String SUBSCRIBED_MAIL = "campaign-subscribed";
    static final String OPENED_MAIL = "campaign-opened";

    private final DSLContext db;
    private final Clock clock;
    private final Outbox outbox;
    private final PublicLinks links;

    CampaignSubscribers(DSLContext db, Clock clock, Outbox outbox, PublicLinks links) {
        this.db = db;
        this.clock = clock;
        this.outbox = outbox;
        this.links = links;
    }

    /** Adds the address (already validated) unless it is listed; sends the acknowledgement with its removal link. */
    @Transactional
    public void subscribe(String email, Locale language) {
        SecretToken token = SecretToken.generate();
        int added = db.insertInto(CAMPAIGN_SUBSCRIBER)
                .set(CAMPAIGN_SUBSCRIBER.EMAIL, email)
                .set(CAMPAIGN_SUBSCRIBER.LANGUAGE, language.getLanguage())
                .set(CAMPAIGN_SUBSCRIBER.SUBSCRIBED_AT, OffsetDateTime.now(clock))
                .set(CAMPAIGN_SUBSCRIBER.UNSUBSCRIBE_TOKEN_HASH, token.hash())
                .onConflict(CAMPAIGN_SUBSCRIBER.EMAIL)
                .doNothing()
                .execute();
        if (added == 1) {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("unsubscribeLink", links.to("/campaigns/unsubscribe/" + token.value()));
            outbox.enqueue(email, language, SUBSCRIBED_MAIL, variables);
        }
    }

    /** True when the link names a listed address. */
    public boolean listed(String token) {
        return SecretToken.wellFormed(token)
                && db.fetchExists(
                        CAMPAIGN_SUBSCRIBER, CAMPAIGN_SUBSCRIBER.UNSUBSCRIBE_TOKEN_HASH.eq(SecretToken.hash(token)));
    }

    /** Erases the address the link names; false when it was not (or no longer) listed. */
    @Transactional
    public boolean unsubscribe(String token) {
        return SecretToken.wellFormed(token)
                && db.deleteFrom(CAMPAIGN_SUBSCRIBER)
                                .where(CAMPAIGN_SUBSCRIBER.UNSUBSCRIBE_TOKEN_HASH.eq(SecretToken.hash(token)))
                                .execute()
                        == 1;
    }

    /**
     * Erases a subscription of {@code email} (any case) made before {@code subscribedBefore}: personal data past its
     * retention. A newer one is a fresh request and stays. Returns how many were erased (0 or 1).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int forget(String email, OffsetDateTime subscribedBefore) {
        return db.deleteFrom(CAMPAIGN_SUBSCRIBER)
                .where(DSL.lower(CAMPAIGN_SUBSCRIBER.EMAIL).eq(email.toLowerCase(Locale.ROOT)))
                .and(CAMPAIGN_SUBSCRIBER.SUBSCRIBED_AT.lt(subscribedBefore))
                .execute();
    }

    public int count() {
        return db.fetchCount(CAMPAIGN_SUBSCRIBER);
    }

    /** In the opening's transaction: one message to each listed address in its language, then the list is erased. */
    @Transactional(propagation = Propagation.MANDATORY)
    void tellAll(Campaign campaign) {
        String applyLink = links.to("/apply");
        for (CampaignSubscriberRecord subscriber : db.selectFrom(CAMPAIGN_SUBSCRIBER)
                .orderBy(CAMPAIGN_SUBSCRIBER.ID)
                .forUpdate()
                .fetch()) {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("campaign", campaign.name());
            variables.put("applyLink", applyLink);
            outbox.enqueue(
                    subscriber.getEmail(), Locale.forLanguageTag(subscriber.getLanguage()), OPENED_MAIL, variables);
            subscriber.delete();
        }
    }
}
