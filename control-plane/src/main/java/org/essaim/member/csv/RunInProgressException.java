package org.essaim.member.csv;

/** The import run is still being carried out (by this application or another replica): it cannot be finished now. */
public class RunInProgressException extends RuntimeException {

    public RunInProgressException(long runId) {
        super("import run " + runId + " is still going");
    }
}
