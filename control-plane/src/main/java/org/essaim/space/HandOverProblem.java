package org.essaim.space;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Why a space could not be handed to provisioning, in one line staff can act on (secrets never appear in it). */
final class HandOverProblem {

    private static final int MAX = 2000;

    private HandOverProblem() {}

    static String describe(RuntimeException failure) {
        String text;
        KubernetesClientException api = cause(failure);
        if (api != null && api.getCode() > 0) {
            Status status = api.getStatus();
            String reason = status != null && status.getReason() != null ? " " + status.getReason() : "";
            String message = status != null && status.getMessage() != null ? status.getMessage() : api.getMessage();
            text = "The API server refused the Space resource (HTTP " + api.getCode() + reason + "): " + message;
        } else if (api != null) {
            text = "The API server could not be reached: " + api.getMessage();
        } else if (failure instanceof IllegalArgumentException) {
            text = "The Space resource was not sent: " + failure.getMessage();
        } else {
            text = "Provisioning could not be told: " + failure;
        }
        return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    }

    private static KubernetesClientException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException api) {
                return api;
            }
        }
        return null;
    }
}
