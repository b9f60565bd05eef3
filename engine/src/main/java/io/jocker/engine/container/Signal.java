package io.jocker.engine.container;

import io.jocker.common.error.EngineException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Linux signal, parsed the way dockerd parses them: a number, or a name with or without "SIG"
 * in any case ({@code HUP}, {@code SIGHUP}, {@code 1}, {@code RTMIN+3}).
 *
 * @param name the canonical name with "SIG" ("SIGTERM"; "SIGRTMIN+3")
 * @param number the signal number
 */
public record Signal(String name, int number) {
    private static final Map<String, Integer> NUMBERS = new LinkedHashMap<>();

    static {
        String[] names = {"HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2",
            "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
            "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 0; i < names.length; i++) {
            NUMBERS.put(names[i], i + 1);
        }
        NUMBERS.put("IOT", 6);
        NUMBERS.put("CLD", 17);
        NUMBERS.put("POLL", 29);
        NUMBERS.put("UNUSED", 31);
        NUMBERS.put("RTMIN", 34);
        for (int i = 1; i <= 15; i++) {
            NUMBERS.put("RTMIN+" + i, 34 + i);
            NUMBERS.put("RTMAX-" + i, 64 - i);
        }
        NUMBERS.put("RTMAX", 64);
    }

    public static final Signal SIGKILL = new Signal("SIGKILL", 9);
    public static final Signal SIGTERM = new Signal("SIGTERM", 15);

    /** @throws EngineException invalid argument "Invalid signal: X" (Docker's text) */
    public static Signal parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (!upper.isEmpty() && upper.chars().allMatch(Character::isDigit)) {
            int number;
            try {
                number = Integer.parseInt(upper);
            } catch (NumberFormatException e) {
                throw EngineException.invalidArgument("Invalid signal: " + text);
            }
            if (number < 1 || number > 64) {
                throw EngineException.invalidArgument("Invalid signal: " + text);
            }
            return new Signal(nameOf(number), number);
        }
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        Integer number = NUMBERS.get(bare);
        if (number == null) {
            throw EngineException.invalidArgument("Invalid signal: " + text);
        }
        return new Signal("SIG" + bare, number);
    }

    private static String nameOf(int number) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == number) {
                return "SIG" + e.getKey();
            }
        }
        return "SIG" + number;
    }

    @Override
    public String toString() {
        return name;
    }
}
