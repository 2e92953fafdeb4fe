package org.essaim.space;

/** Another space already has this address. */
public class SlugTakenException extends RuntimeException {

    private final String slug;

    public SlugTakenException(String slug, Throwable cause) {
        super("a space already has the address " + slug, cause);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
