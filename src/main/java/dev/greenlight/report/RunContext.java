package dev.greenlight.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a run came from, for the reader of a report: the command line that reproduces it and the SHA-256 of the
 * config it ran (so two reports can be told apart when the plan changed between them).
 */
public record RunContext(String commandLine, String configSha256) {

    public static final RunContext NONE = new RunContext("", "");

    /** The context of a run of {@code args} whose config's bytes have the SHA-256 {@code configSha256} ({@link #sha256}). */
    public static RunContext of(List<String> args, String configSha256) {
        return new RunContext(commandLine(args), configSha256);
    }

    /**
     * The command as one shell line: arguments with spaces or quotes are single-quoted; the password of a URL
     * ({@code --store postgresql://user:password@host/db}) masked.
     */
    static String commandLine(List<String> args) {
        StringBuilder out = new StringBuilder("greenlight");
        for (String given : args) {
            String arg = given.replaceAll("^((?:--store=)?[a-z][a-z0-9+.-]*://[^:@/\\s]*):[^@/\\s]*@", "$1:****@");
            out.append(' ');
            if (arg.matches("[A-Za-z0-9_./:=,@%+-]+")) {
                out.append(arg);
            } else {
                out.append('\'').append(arg.replace("'", "'\\''")).append('\'');
            }
        }
        return out.toString();
    }

    /** A config's SHA-256 in hex, as reports and the history keep it. */
    public static String sha256(byte[] config) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
