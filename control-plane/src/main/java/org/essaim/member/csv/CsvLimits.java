package org.essaim.member.csv;

/** How big a member list may be: in bytes (checked before anything is decoded) and in data rows (header excluded). */
public record CsvLimits(long maxBytes, int maxRows) {

    public CsvLimits {
        if (maxBytes < 1 || maxRows < 1) {
            throw new IllegalArgumentException("CSV limits must be positive");
        }
    }
}
