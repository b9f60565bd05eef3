package io.jocker.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A block of "label:\tvalue" lines printed with the values in one column, as Go's tabwriter prints
 * the docker CLI's {@code version} and {@code info} blocks: the column is as wide as the longest
 * label plus {@code padding}, and at least {@code minWidth}. Not thread-safe.
 */
public final class AlignedLines {
    private final int minWidth;
    private final int padding;
    private final List<String[]> lines = new ArrayList<>();

    public AlignedLines(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    public AlignedLines add(String label, String value) {
        lines.add(new String[] {label, value});
        return this;
    }

    public String render() {
        int width = minWidth;
        for (String[] line : lines) {
            width = Math.max(width, line[0].length() + padding);
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            out.append(line[0]).append(" ".repeat(width - line[0].length())).append(line[1]).append('\n');
        }
        return out.toString();
    }
}
