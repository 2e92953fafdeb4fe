package org.essaim.upgrade;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.essaim.space.resource.AppVersions;
import org.essaim.tenant.AppCatalogue;
import org.essaim.web.JsonFields;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** App versions and their rollouts in waves, for staff, over HTTP Basic. */
@RestController
@RequestMapping("/api/v1/staff/upgrades")
@Tag(name = "Upgrades", description = "App versions of the fleet, rolled out in waves (staff)")
@SecurityRequirement(name = "basic")
class UpgradeApi {

    private final Rollouts rollouts;
    private final RolloutViews views;
    private final PlatformVersions platform;

    UpgradeApi(Rollouts rollouts, RolloutViews views, PlatformVersions platform) {
        this.rollouts = rollouts;
        this.views = views;
        this.platform = platform;
    }

    /**
     * @param current what the platform runs (new spaces get it)
     * @param allowed every version of each app a space may run, oldest first
     */
    record Versions(AppVersions current, Map<String, List<String>> allowed) {}

    @Schema(name = "RolloutRequest", description = "The version of every app to roll out; each one of the allowed")
    record RolloutRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "32.0.1")
            String workspace,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "25.04")
            String office,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "5.1.0")
            String events,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "3.3.15")
            String forum) {}

    @GetMapping("/versions")
    @Operation(summary = "The platform's app versions and the allowed ones")
    Versions versions() {
        return new Versions(platform.current(), AppCatalogue.pinned().allowed());
    }

    @GetMapping("/rollouts")
    @Operation(summary = "The latest rollouts, newest first (without their waves)")
    List<Rollout> list() {
        return views.recent(50);
    }

    @GetMapping("/rollouts/{id}")
    @Operation(summary = "One rollout: its waves, and the spaces that failed with why")
    @ApiResponse(
            responseCode = "404",
            description = "No such rollout",
            content = @Content(mediaType = "application/problem+json"))
    Rollout get(@PathVariable long id) {
        return views.view(id);
    }

    @PostMapping("/rollouts")
    @Operation(
            summary = "Roll new app versions out to every space, in waves",
            description =
                    "Plans every space that is not deleted into a canary then growing waves and starts the canary.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = RolloutRequest.class))))
    @ApiResponse(responseCode = "201", description = "Started (RUNNING), or BLOCKED at once by a known incompatibility")
    @ApiResponse(
            responseCode = "400",
            description = "A version missing or not allowed",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "Another rollout is open, or nothing would change",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Rollout> start(@RequestBody JsonNode body, Authentication staff) {
        Map<String, String> fields = JsonFields.read(body, AppVersions.APPS);
        Rollout started = rollouts.start(AppVersions.of(fields), staff.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(started);
    }

    @PostMapping("/rollouts/{id}/pause")
    @Operation(summary = "Pause: the wave in flight finishes, no new wave starts")
    @ApiResponse(
            responseCode = "409",
            description = "It is not running",
            content = @Content(mediaType = "application/problem+json"))
    Rollout pause(@PathVariable long id, Authentication staff) {
        return rollouts.pause(id, staff.getName());
    }

    @PostMapping("/rollouts/{id}/resume")
    @Operation(
            summary = "Resume a paused, failed or blocked rollout",
            description =
                    "Failed: its failed spaces get another full wave timeout. Blocked: the wave is checked again.")
    @ApiResponse(
            responseCode = "409",
            description = "It is not paused, failed or blocked",
            content = @Content(mediaType = "application/problem+json"))
    Rollout resume(@PathVariable long id, Authentication staff) {
        return rollouts.resume(id, staff.getName());
    }

    @PostMapping("/rollouts/{id}/rollback")
    @Operation(summary = "Roll back: every upgraded space gets the versions it had before its wave")
    @ApiResponse(
            responseCode = "409",
            description = "Already rolled back, or a later rollout exists",
            content = @Content(mediaType = "application/problem+json"))
    Rollout rollBack(@PathVariable long id, Authentication staff) {
        return rollouts.rollBack(id, staff.getName());
    }
}
