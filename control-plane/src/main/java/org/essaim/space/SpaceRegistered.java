package org.essaim.space;

/** A space was registered (an application was approved); published inside the approving transaction. */
public record SpaceRegistered(String slug) {}
