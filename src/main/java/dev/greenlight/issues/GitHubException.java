package dev.greenlight.issues;

/** GitHub could not be asked or refused: the status and GitHub's own message, never the token. */
public final class GitHubException extends Exception {

    private final int status;

    public GitHubException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
