package org.essaim.tenant;

import java.util.List;

/**
 * A Secret a space's objects refer to. Templates never hold secret values: the provisioner creates each Secret once,
 * in the space's namespace, with a fresh random value per {@link #generated() generated key}, and never regenerates
 * it; {@link #platform() platform keys} are copied from the provisioner's own settings (a shared office server's
 * token).
 *
 * @param name      the Secret's name in the space's namespace
 * @param generated keys whose values are random, generated once
 * @param platform  keys whose values come from the platform's settings
 */
public record RequiredSecret(String name, List<String> generated, List<String> platform) {

    public RequiredSecret {
        generated = List.copyOf(generated);
        platform = List.copyOf(platform);
    }

    public static RequiredSecret generated(String name, String... keys) {
        return new RequiredSecret(name, List.of(keys), List.of());
    }

    public static RequiredSecret fromPlatform(String name, String... keys) {
        return new RequiredSecret(name, List.of(), List.of(keys));
    }
}
