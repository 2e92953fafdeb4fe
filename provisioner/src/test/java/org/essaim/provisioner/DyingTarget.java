package org.essaim.provisioner;

import org.essaim.space.resource.SpaceConditions.Reason;
import org.essaim.tenant.ComponentObjects;
import org.essaim.tenant.RenderedSpace;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A target that works for a number of components, then fails every call: a provisioner dying halfway. */
final class DyingTarget implements SpaceTarget {

    private final SpaceTarget target;
    private final AtomicInteger componentsLeft;

    DyingTarget(SpaceTarget target, int components) {
        this.target = target;
        this.componentsLeft = new AtomicInteger(components);
    }

    private void alive() {
        if (componentsLeft.get() <= 0) {
            throw new TargetFailure(Reason.API_ERROR, "dead", null);
        }
    }

    @Override
    public boolean cluster() {
        return target.cluster();
    }

    @Override
    public String describe(String slug) {
        return target.describe(slug);
    }

    @Override
    public int apply(ComponentObjects component) {
        alive();
        componentsLeft.decrementAndGet();
        return target.apply(component);
    }

    @Override
    public Optional<Map<String, String>> readSecret(String namespace, String name) {
        alive();
        return target.readSecret(namespace, name);
    }

    @Override
    public void writeSecret(String slug, String namespace, String name, Map<String, String> values) {
        alive();
        target.writeSecret(slug, namespace, name, values);
    }

    @Override
    public Optional<Instant> lastSuccessfulBackup(String namespace) {
        alive();
        return target.lastSuccessfulBackup(namespace);
    }

    @Override
    public void finish(RenderedSpace space) {
        alive();
        target.finish(space);
    }

    @Override
    public void erase(String slug, String namespace) {
        alive();
        target.erase(slug, namespace);
    }
}
