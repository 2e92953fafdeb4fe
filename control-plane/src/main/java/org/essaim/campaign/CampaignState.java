package org.essaim.campaign;

public enum CampaignState {
    /** Created, not yet opened; its planned opening (if any) is announced on the public page. */
    PLANNED,
    /** Accepting applications. At most one campaign is open at a time. */
    OPEN,
    /** Closed by staff or by reaching its cap. */
    CLOSED
}
