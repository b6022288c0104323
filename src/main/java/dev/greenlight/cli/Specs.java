package dev.greenlight.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The commands' options, declared in code through picocli's programmatic API and read back from the parsed command.
 *
 * <p>Not by annotations: picocli reads those by reflection, and the JDK makes a proxy class at run time for every kind of
 * annotation it hands out (seven here), which JDK 17's class-data archive cannot keep. That was 60-100 ms of a one-check
 * verify's 330-480 ms on the 2-core runner, spent on the main thread before the command could start (measured with
 * {@code GREENLIGHT_TIMELINE=1}, bench/README.md).
 */
final class Specs {

    private Specs() {
    }

    /**
     * A command named {@code name} that {@code command} runs (a {@code Callable<Integer>} or a {@code Runnable}), with
     * options listed in the order they are added, and {@code exitCodes} as "CODE:meaning".
     */
    static CommandSpec command(Object command, String name, String description, String... exitCodes) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name).versionProvider(new Main.Version());
        spec.usageMessage().description(description).sortOptions(false);
        if (exitCodes.length > 0) {
            Map<String, String> codes = new LinkedHashMap<>();
            for (String code : exitCodes) {
                int colon = code.indexOf(':');
                codes.put(code.substring(0, colon), code.substring(colon + 1));
            }
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        }
        return spec;
    }

    /** Adds {@code -h}/{@code --help} and {@code -V}/{@code --version}, last in the help as picocli's own mixin put them. */
    static CommandSpec withHelp(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.")
                .build());
        return spec;
    }

    /** An option that takes a value of {@code type}. */
    static OptionSpec.Builder option(Class<?> type, String... names) {
        return OptionSpec.builder(names).type(type);
    }

    /** An option without a value: true when given. */
    static OptionSpec.Builder flag(String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0");
    }

    /** A repeatable option, each value of {@code type}, also given comma-separated when {@code split}. */
    static OptionSpec.Builder repeated(Class<?> type, boolean split, String... names) {
        OptionSpec.Builder option = OptionSpec.builder(names).type(List.class).auxiliaryTypes(type);
        return split ? option.splitRegex(",") : option;
    }

    /** The {@code index}th positional parameter, of {@code type}: required. */
    static PositionalParamSpec.Builder parameter(int index, Class<?> type) {
        return PositionalParamSpec.builder().index(String.valueOf(index)).type(type).required(true);
    }

    /** The {@code index}th positional parameter, of {@code type}, which may be left out. */
    static PositionalParamSpec.Builder optionalParameter(int index, Class<?> type) {
        return PositionalParamSpec.builder().index(String.valueOf(index)).type(type).arity("0..1");
    }

    /** The positional parameters from the {@code index}th on, one at least, each of {@code type}. */
    static PositionalParamSpec.Builder parameters(int index, Class<?> type) {
        return PositionalParamSpec.builder().index(index + "..*").arity("1..*").type(List.class).auxiliaryTypes(type).required(true);
    }

    /** The value an option was given, or its default; null for neither. */
    @SuppressWarnings("unchecked")
    static <T> T value(CommandSpec spec, String option) {
        return (T) spec.findOption(option).getValue();
    }

    /** Whether a flag was given. */
    static boolean given(CommandSpec spec, String flag) {
        return Boolean.TRUE.equals(spec.findOption(flag).getValue());
    }

    /** The values of a repeatable option, in order; empty when not given. */
    static <T> List<T> values(CommandSpec spec, String option) {
        List<T> values = value(spec, option);
        return values == null ? List.of() : values;
    }

    /** The value the {@code index}th positional parameter was given, or its default. */
    @SuppressWarnings("unchecked")
    static <T> T positional(CommandSpec spec, int index) {
        return (T) spec.positionalParameters().get(index).getValue();
    }
}
