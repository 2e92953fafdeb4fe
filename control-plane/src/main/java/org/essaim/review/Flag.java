package org.essaim.review;

/** What the automatic checks point out to reviewers. Flags inform; only a person decides. */
public enum Flag {
    /** Declared as "other", or a name that says company, school or town hall. */
    EXCLUDED_KIND,
    /** More members than a space has accounts. */
    MANY_MEMBERS,
    /** An annual budget above the platform's threshold. */
    HIGH_BUDGET,
    /** The same official identifier as another application or a space. */
    SIMILAR_IDENTIFIER,
    /** The same contact address as another application or a space's referent. */
    SIMILAR_EMAIL,
    /** A name close to another application's or a space's. */
    SIMILAR_NAME,
    /** A space took the desired address since the application was sent. */
    SLUG_TAKEN,
    /** The desired address breaks the naming rules every space follows (sent before the form enforced them all). */
    SLUG_INVALID;

    public String messageKey() {
        return "flag." + name();
    }
}
