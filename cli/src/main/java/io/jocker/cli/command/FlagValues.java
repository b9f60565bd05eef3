package io.jocker.cli.command;

import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.cli.unit.Units;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/**
 * Typed flag values read with pflag's checks and texts: a value that does not parse fails as
 * {@code invalid argument "x" for "-m, --memory" flag: invalid size: 'x'}, the usage line and a
 * pointer to help, exit 125 (docker/cli cli.FlagErrorFunc). Numbers fail with Go's
 * {@code strconv} wording. Stateless.
 */
final class FlagValues {
    private FlagValues() {}

    /** The failure for a value the flag cannot take; {@code display} is "-m, --memory" or "--cpus". */
    static CliFailure invalid(CliContext context, String value, String display, String reason) {
        return new CliFailure(125, "invalid argument \"" + value + "\" for \"" + display + "\" flag: " + reason
                + "\n\nUsage:  " + context.usageLine() + "\n\nRun '" + context.commandPath()
                + " --help' for more information");
    }

    /** A Go {@code int64}/{@code int} flag; null when not given. */
    static Long int64(CliContext context, CommandLine flags, String name, String display) {
        String value = flags.getOptionValue(name);
        if (value == null) {
            return null;
        }
        try {
            return parseInt(value, 64);
        } catch (IllegalArgumentException e) {
            throw invalid(context, value, display, e.getMessage());
        }
    }

    /** A Go {@code uint16} flag; null when not given. */
    static Integer uint16(CliContext context, CommandLine flags, String name, String display) {
        String value = flags.getOptionValue(name);
        if (value == null) {
            return null;
        }
        try {
            BigInteger n = new BigInteger(value);
            if (n.signum() < 0 || value.startsWith("+")) {
                throw new NumberFormatException();
            }
            if (n.bitLength() > 16) {
                throw invalid(context, value, display, "strconv.ParseUint: parsing " + quote(value)
                        + ": value out of range");
            }
            return n.intValue();
        } catch (NumberFormatException e) {
            throw invalid(context, value, display, "strconv.ParseUint: parsing " + quote(value) + ": invalid syntax");
        }
    }

    /** A size flag (opts.MemBytes): "32m" → bytes; null when not given. */
    static Long bytes(CliContext context, CommandLine flags, String name, String display) {
        String value = flags.getOptionValue(name);
        if (value == null) {
            return null;
        }
        try {
            return Units.ramInBytes(value);
        } catch (IllegalArgumentException e) {
            throw invalid(context, value, display, e.getMessage());
        }
    }

    /** {@code --memory-swap} (opts.MemSwapBytes): a size, or -1 for unlimited. */
    static Long swapBytes(CliContext context, CommandLine flags, String name, String display) {
        return "-1".equals(flags.getOptionValue(name)) ? Long.valueOf(-1) : bytes(context, flags, name, display);
    }

    /** {@code --cpus 1.5} (opts.NanoCPUs): CPUs as a rational number, in billionths. */
    static Long nanoCpus(CliContext context, CommandLine flags, String name, String display) {
        String value = flags.getOptionValue(name);
        if (value == null) {
            return null;
        }
        BigDecimal cpus;
        try {
            cpus = rational(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(context, value, display, "failed to parse " + value + " as a rational number");
        }
        BigDecimal nanos = cpus.multiply(BigDecimal.valueOf(1_000_000_000L));
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw invalid(context, value, display, "value is too precise");
        }
        return nanos.longValue();
    }

    /** Go's {@code big.Rat.SetString}: a decimal ("1.5", "2e3") or a fraction ("3/2"). */
    private static BigDecimal rational(String value) {
        int slash = value.indexOf('/');
        if (slash >= 0) {
            BigInteger num = new BigInteger(value.substring(0, slash));
            BigInteger den = new BigInteger(value.substring(slash + 1));
            // exact when it terminates; a repeating fraction cannot be whole nanoseconds anyway
            try {
                return new BigDecimal(num).divide(new BigDecimal(den));
            } catch (ArithmeticException e) {
                return new BigDecimal(num).divide(new BigDecimal(den), 20, java.math.RoundingMode.DOWN);
            }
        }
        if (value.isEmpty() || value.endsWith(".") && value.length() == 1) {
            throw new NumberFormatException(value);
        }
        return new BigDecimal(value);
    }

    /** Go's {@code strconv.ParseInt(value, 10, bits)} with its error texts. */
    static long parseInt(String value, int bits) {
        BigInteger n;
        try {
            if (value.startsWith("+") && value.length() > 1 && value.charAt(1) == '-') {
                throw new NumberFormatException();
            }
            n = new BigInteger(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + quote(value) + ": invalid syntax");
        }
        if (n.bitLength() > bits - 1) {
            throw new IllegalArgumentException("strconv.ParseInt: parsing " + quote(value) + ": value out of range");
        }
        return n.longValue();
    }

    /** All values of a repeatable flag, in order; empty when not given. */
    static List<String> list(CommandLine flags, String name) {
        String[] values = flags.getOptionValues(name);
        return values == null ? List.of() : List.of(values);
    }

    static String quote(String s) {
        return io.jocker.cli.format.GoLiteral.quote(s);
    }
}
