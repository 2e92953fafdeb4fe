package org.essaim.campaign;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
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

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Campaigns for staff, over HTTP Basic. */
@RestController
@RequestMapping("/api/v1/staff/campaigns")
@Tag(name = "Campaigns", description = "Opening windows for applications (staff)")
@SecurityRequirement(name = "basic")
class CampaignApi {

    private final Campaigns campaigns;

    CampaignApi(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Schema(name = "CampaignRequest")
    record CampaignRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 3, maxLength = 200)
            String name,

            @Schema(description = "Announced on the public page while the campaign is planned")
            LocalDate plannedOpening,

            @Schema(minimum = "1", description = "Confirmed applications after which it closes by itself")
            Integer cap) {}

    @GetMapping
    @Operation(summary = "Every campaign, newest first")
    List<Campaign> list() {
        return campaigns.all();
    }

    @PostMapping
    @Operation(
            summary = "Create a planned campaign",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = CampaignRequest.class))))
    @ApiResponse(responseCode = "201", description = "Created, in state PLANNED")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid fields",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Campaign> create(@RequestBody JsonNode body, Authentication staff) {
        Map<String, String> fields = JsonFields.read(body, List.of("name", "plannedOpening", "cap"));
        Campaign created =
                campaigns.create(fields.get("name"), fields.get("plannedOpening"), fields.get("cap"), staff.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PostMapping("/{id}/open")
    @Operation(
            summary = "Open a campaign",
            description = "Tells the people who asked to be told; deferred applications go back to the queue.")
    @ApiResponse(responseCode = "200", description = "Open")
    @ApiResponse(
            responseCode = "409",
            description = "Another campaign is open, this one is open already, or it is full",
            content = @Content(mediaType = "application/problem+json"))
    Campaign open(@PathVariable long id, Authentication staff) {
        return campaigns.open(id, staff.getName());
    }

    @PostMapping("/{id}/close")
    @Operation(summary = "Close a campaign")
    @ApiResponse(responseCode = "200", description = "Closed")
    @ApiResponse(
            responseCode = "409",
            description = "It is not open",
            content = @Content(mediaType = "application/problem+json"))
    Campaign close(@PathVariable long id, Authentication staff) {
        return campaigns.close(id, staff.getName());
    }
}
