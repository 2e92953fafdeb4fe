package org.essaim.usage;

import org.essaim.member.Places;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.SpaceQuotas;
import org.essaim.space.UnknownSpaceException;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Staff's change of a space's quotas, from the console's form or the API: the values are checked (whole numbers
 * within the platform's bounds, not below what the space already holds), then handed to
 * {@link SpaceLifecycle#changeQuotas}, which records, audits and applies them through the space's {@code Space}.
 */
@Service
public class QuotaChange {

    public static final String ACCOUNTS = "accounts";
    public static final String STORAGE = "storageGiB";

    private final SpaceQuotas quotas;
    private final SpaceLifecycle lifecycle;
    private final StorageUsage usage;
    private final Places places;

    QuotaChange(SpaceQuotas quotas, SpaceLifecycle lifecycle, StorageUsage usage, Places places) {
        this.quotas = quotas;
        this.lifecycle = lifecycle;
        this.usage = usage;
        this.places = places;
    }

    /**
     * @throws UnknownSpaceException  no such space
     * @throws InvalidInputException  a value missing, not a whole number, or outside the platform's bounds
     * @throws ConflictException      {@code quota-below-use}: below the places it holds (accounts, invitations, sign-ups), its last known storage, or its
     *                                current storage quota (volumes never shrink)
     */
    public SpaceSpec.Quotas change(String slug, String accountsText, String storageText, String actor) {
        SpaceQuotas.Quota space = quotas.of(slug).orElseThrow(() -> new UnknownSpaceException(slug));
        List<FieldProblem> problems = problems(accountsText, storageText);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int accounts = Integer.parseInt(accountsText.strip());
        int storage = Integer.parseInt(storageText.strip());
        List<FieldProblem> belowUse = new ArrayList<>();
        // What the account limit counts (org.essaim.member.Places): every account, disabled ones too, pending
        // invitations and sign-ups awaiting approval. A lower quota would leave the space over its limit.
        int held = places.usage(slug).used();
        if (accounts < held) {
            belowUse.add(FieldProblem.of(ACCOUNTS, "usage.quota.belowAccounts", held));
        }
        if (storage < space.storageGiB()) {
            // The workspace's volume was created at the current quota, and Kubernetes never shrinks a volume: a lower
            // quota would leave the space's claim unappliable (and provisioning stuck).
            belowUse.add(FieldProblem.of(STORAGE, "usage.quota.storageCannotShrink", space.storageGiB()));
        }
        Optional<StorageUsage.StorageFigure> used = usage.latest(slug);
        if (used.isPresent() && storage * StorageUsage.GIB < used.get().usedBytes()) {
            belowUse.add(FieldProblem.of(
                    STORAGE, "usage.quota.belowStorage", used.get().usedGiB()));
        }
        if (!belowUse.isEmpty()) {
            throw new ConflictException("quota-below-use", belowUse, space.slug());
        }
        SpaceSpec.Quotas granted = new SpaceSpec.Quotas(accounts, storage);
        lifecycle.changeQuotas(slug, granted, actor);
        return granted;
    }

    /** What is wrong with the values as typed (missing, not a whole number, out of the platform's bounds). */
    public static List<FieldProblem> problems(String accountsText, String storageText) {
        List<FieldProblem> problems = new ArrayList<>();
        whole(ACCOUNTS, accountsText, SpaceSpec.Quotas.MAX_ACCOUNTS, problems);
        whole(STORAGE, storageText, SpaceSpec.Quotas.MAX_STORAGE_GIB, problems);
        return problems;
    }

    private static void whole(String field, String text, int max, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(FieldProblem.of(field, "usage.quota.required"));
            return;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            problems.add(FieldProblem.of(field, "usage.quota.wholeNumber"));
            return;
        }
        if (value < 1 || value > max) {
            problems.add(FieldProblem.of(field, "usage.quota.range", 1, max));
        }
    }
}
