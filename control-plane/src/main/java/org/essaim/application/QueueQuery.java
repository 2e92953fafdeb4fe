package org.essaim.application;

/**
 * A page of the review queue. Every filter is optional: {@code state} (default: every confirmed application),
 * {@code campaignId}, {@code flag} (a flag's name, {@code ANY} or {@code NONE}), {@code assignee} (a staff uid or
 * {@code NONE}), {@code text} (in name, slug, email or identifier). {@code after}/{@code before} are cursors from
 * a previous page; the order is always oldest confirmed first.
 */
public record QueueQuery(
        ApplicationState state,
        Long campaignId,
        String flag,
        String assignee,
        String text,
        QueueCursor after,
        QueueCursor before,
        int limit) {

    public static final String ANY = "ANY";
    public static final String NONE = "NONE";
    public static final int MAX_LIMIT = 100;
}
