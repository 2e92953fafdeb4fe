package org.essaim.usage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.essaim.space.UnknownSpaceException;
import org.essaim.space.resource.SpaceSpec;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.JsonFields;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;

/** Usage and quotas for staff, over HTTP Basic. */
@RestController
@RequestMapping("/api/v1/staff")
@Tag(name = "Usage", description = "What spaces use, and their quotas (staff)")
@SecurityRequirement(name = "basic")
class UsageApi {

    private static final int MAX_DAYS = 400;

    private final StorageUsage usage;
    private final QuotaChange quotaChange;
    private final UsageCollector collector;

    UsageApi(StorageUsage usage, QuotaChange quotaChange, UsageCollector collector) {
        this.usage = usage;
        this.quotaChange = quotaChange;
        this.collector = collector;
    }

    record Storage(
            String slug,
            int quotaGiB,

            @Schema(description = "Null while unknown: never measured yet")
            Long usedBytes,

            @Schema(description = "Whole percent of the quota used, rounded down; null while unknown")
            Integer percent,

            OffsetDateTime measuredAt,

            @Schema(description = "Active accounts, null until counted")
            Integer accountsUsed,

            int accountQuota,

            @Schema(description = "One entry per day with a figure, oldest first")
            List<StorageUsage.Day> history) {}

    record Quotas(int accounts, int storageGiB) {}

    @Schema(name = "QuotasRequest")
    record QuotasRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "1000")
            Integer accounts,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "2048")
            Integer storageGiB) {}

    @GetMapping("/spaces/{slug}/storage")
    @Operation(
            summary = "A space's latest storage figure and its history",
            description = "Storage stays unknown (null) until the usage job has measured it.")
    @ApiResponse(responseCode = "200", description = "The figures")
    @ApiResponse(
            responseCode = "404",
            description = "No such space",
            content = @Content(mediaType = "application/problem+json"))
    Storage storage(
            @PathVariable String slug,
            @Parameter(description = "Days of history, 1 to 400 (default 30)") @RequestParam(defaultValue = "30")
                    int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidInputException(FieldProblem.of("days", "usage.days.range", 1, MAX_DAYS));
        }
        StorageUsage.Limits limits = usage.limits(slug).orElseThrow(() -> new UnknownSpaceException(slug));
        var storage = usage.latest(slug);
        return new Storage(
                slug,
                limits.storageQuotaGiB(),
                storage.map(StorageUsage.StorageFigure::usedBytes).orElse(null),
                storage.map(StorageUsage.StorageFigure::percent).orElse(null),
                storage.map(StorageUsage.StorageFigure::measuredAt).orElse(null),
                limits.accountsUsed(),
                limits.accountQuota(),
                usage.history(slug, days));
    }

    @PutMapping("/spaces/{slug}/quotas")
    @Operation(
            summary = "Change a space's quotas",
            description = "Recorded, audited and applied by provisioning through the space's Space resource.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = QuotasRequest.class))))
    @ApiResponse(responseCode = "200", description = "The quotas now granted")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid values",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "No such space",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "Below the accounts the space holds or its last known storage use",
            content = @Content(mediaType = "application/problem+json"))
    Quotas changeQuotas(@PathVariable String slug, @RequestBody JsonNode body, Authentication staff) {
        JsonFields.Read fields = JsonFields.readAll(body, List.of(QuotaChange.ACCOUNTS, QuotaChange.STORAGE));
        String accounts = fields.get(QuotaChange.ACCOUNTS);
        String storage = fields.get(QuotaChange.STORAGE);
        fields.failWith(QuotaChange.problems(accounts, storage));
        SpaceSpec.Quotas granted = quotaChange.change(slug, accounts, storage, staff.getName());
        return new Quotas(granted.accounts(), granted.storageGiB());
    }

    @PostMapping("/usage/collections")
    @Operation(
            summary = "Collect every running space's usage now",
            description = "Runs what the hourly job runs and answers when it is done (minutes at 10,000 spaces).")
    @ApiResponse(responseCode = "200", description = "What the run did")
    UsageCollector.Report collect() {
        return collector.collect();
    }
}
