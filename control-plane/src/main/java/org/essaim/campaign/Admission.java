package org.essaim.campaign;

/** The outcome of asking a campaign for one more place in the review queue. */
public enum Admission {
    /** A place was taken. */
    ADMITTED,
    /** The last place was taken: the campaign closed by itself. */
    ADMITTED_LAST_PLACE,
    /** The campaign is closed (by staff or because it is full): nothing changed. */
    REFUSED;

    public boolean admitted() {
        return this != REFUSED;
    }
}
