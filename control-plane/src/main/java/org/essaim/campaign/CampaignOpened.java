package org.essaim.campaign;

/**
 * Published inside the transaction that opens a campaign, so that listeners (deferred applications going back to
 * the queue) change their part in the same transaction.
 */
public record CampaignOpened(long campaignId, String actor) {}
