package org.essaim.application;

/** Published inside the confirming transaction: the application just entered the review queue. */
public record ApplicationConfirmed(long applicationId) {}
