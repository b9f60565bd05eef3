package io.jocker.cli.unit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * docker/go-units' formatting, byte for byte, for tables that scripts and golden files read.
 *
 * <pre>{@code
 * Units.humanSizeWithPrecision(4_261_024, 3)   // "4.26MB"
 * Units.humanSize(0)                           // "0B"
 * Units.humanDuration(Duration.ofDays(2))      // "2 days"
 * }</pre>
 *
 * <p>Numbers go through Go's {@code %g}, not Java's: Go trims trailing zeros and switches to an
 * exponent when the rounded value reaches the precision, so 999.9kB with three digits is
 * "1e+03kB" in docker, and so here. Stateless and thread-safe.
 */
public final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private Units() {}

    /** go-units {@code HumanSize}: decimal units, 4 significant digits ("2.746MB"). */
    public static String humanSize(double size) {
        return humanSizeWithPrecision(size, 4);
    }

    /** go-units {@code HumanSizeWithPrecision}: decimal units, {@code precision} significant digits. */
    public static String humanSizeWithPrecision(double size, int precision) {
        int unit = 0;
        while (size >= 1000.0 && unit < DECIMAL.length - 1) {
            size /= 1000.0;
            unit++;
        }
        return formatG(size, precision) + DECIMAL[unit];
    }

    /** go-units {@code BytesSize}: binary units, 4 significant digits ("23.54GiB"). */
    public static String bytesSize(double size) {
        int unit = 0;
        while (size >= 1024.0 && unit < BINARY.length - 1) {
            size /= 1024.0;
            unit++;
        }
        return formatG(size, 4) + BINARY[unit];
    }

    /**
     * go-units {@code HumanDuration}: "Less than a second", "About a minute", "3 hours",
     * "2 weeks"… Callers add " ago" as docker does. Hours round to the nearest, days, weeks,
     * months (30 days) and years (365 days) are whole.
     */
    public static String humanDuration(Duration d) {
        double nanos = d.getSeconds() * 1e9 + d.getNano();
        long seconds = (long) (nanos / 1e9);
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = (long) (nanos / 60e9);
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        double exactHours = nanos / 3600e9;
        long hours = (long) (exactHours + 0.5);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return (long) exactHours / 24 / 365 + " years";
    }

    private static final java.util.regex.Pattern SIZE =
            java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    /**
     * go-units {@code RAMInBytes}: "32m", "1.5g", "512", "2 GiB" in binary units (k = 1024).
     *
     * @throws IllegalArgumentException "invalid size: 'x'", go-units' text
     */
    public static long ramInBytes(String size) {
        java.util.regex.Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        double value;
        try {
            value = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        int power = "bkmgtp".indexOf(unit.isEmpty() ? "b" : unit);
        return (long) (value * Math.pow(1024, power));
    }

    /**
     * Go's {@code fmt.Sprintf("%.*g", precision, v)}: the shortest text of {@code v} rounded
     * (half to even, on the exact binary value) to {@code precision} significant digits, with
     * an exponent ({@code e+03}) when the decimal exponent is below -4 or not below the precision.
     */
    static String formatG(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        int prec = Math.max(precision, 1);
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(prec, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String digits = rounded.unscaledValue().abs().toString();
        int nd = digits.length();
        int exponent = nd - 1 - rounded.scale(); // of the first digit
        int eprec = prec;
        if (eprec > nd && nd >= exponent + 1) {
            eprec = nd;
        }
        StringBuilder out = new StringBuilder();
        if (rounded.signum() < 0) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= eprec) {
            out.append(digits.charAt(0));
            if (nd > 1) {
                out.append('.').append(digits, 1, nd);
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            out.append(abs < 10 ? "0" : "").append(abs);
            return out.toString();
        }
        out.append(rounded.abs().toPlainString());
        return out.toString();
    }
}
