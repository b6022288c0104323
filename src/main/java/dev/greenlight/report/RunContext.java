package dev.greenlight.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public static RunContext of(List<String> args, Path config) {
        return new RunContext(commandLine(args), sha256(config));
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

    private static String sha256(Path config) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "";
        }
    }
}
