package org.essaim.tenant;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The labels on every object of a space, so that the provisioner and people can find them. */
public final class SpaceLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PROVISIONER = "essaim-provisioner";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** The slug of the space an object belongs to. */
    public static final String SPACE = "essaim.org/space";
    /** On pods the ingress controller may reach. */
    public static final String EXPOSED = "essaim.org/exposed";
    /** On pods that send mail: the only ones the network policy lets reach the mail relay. */
    public static final String SENDS_MAIL = "essaim.org/sends-mail";
    /**
     * On pods of apps that sign people in through Essaim (OpenID Connect): the only ones the network policy lets
     * reach the provider (discovery, token, keys, user info).
     */
    public static final String SINGLE_SIGN_ON = "essaim.org/single-sign-on";
    /** On Jobs: a hash of what they do, so that a changed configuration runs again and an unchanged one never. */
    public static final String CONFIG_HASH = "essaim.org/config-hash";

    /** Label selector for everything the provisioner manages. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + PROVISIONER;

    private SpaceLabels() {}

    public static Map<String, String> of(String slug) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, PROVISIONER);
        labels.put(PART_OF, "essaim");
        labels.put(SPACE, slug);
        return labels;
    }

    public static Map<String, String> of(String slug, String app, Component component) {
        Map<String, String> labels = of(slug);
        labels.put(NAME, app);
        labels.put(COMPONENT, component.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return labels;
    }

    /** The pod selector of one app: stable across changes of every other label. */
    public static Map<String, String> selector(String slug, String app) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SPACE, slug);
        labels.put(NAME, app);
        return labels;
    }
}
