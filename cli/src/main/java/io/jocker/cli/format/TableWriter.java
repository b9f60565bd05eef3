package io.jocker.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated text into columns with the semantics of Go's text/tabwriter (flags 0), which
 * docker uses for every table: {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}, see
 * {@link #docker()}.
 *
 * <p>The rules, from tabwriter's documentation: a cell is text terminated by a tab, so the text
 * after a line's last tab is not part of any column and is never padded. A column block is a run of
 * consecutive lines that all have a cell in that column; its width is the widest cell in the block
 * plus {@code padding}, but at least {@code minWidth}. Widths count runes. A form feed ends a
 * line and also ends all column blocks.
 *
 * <pre>{@code
 * TableWriter.docker().align("ID\tNAME\nabc\tx\n")  // "ID        NAME\nabc       x\n"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TableWriter {

    private final int minWidth;
    private final int tabWidth;
    private final int padding;
    private final char padChar;

    /**
     * @param minWidth minimal column width, padding included
     * @param tabWidth width of a tab, used only when padding with tabs
     * @param padding added to the widest cell of a column
     * @param padChar the fill character; {@code '\t'} pads with tabs assuming {@code tabWidth}
     */
    public TableWriter(int minWidth, int tabWidth, int padding, char padChar) {
        if (minWidth < 0 || tabWidth < 0 || padding < 0) {
            throw new IllegalArgumentException("negative minWidth, tabWidth or padding");
        }
        this.minWidth = minWidth;
        this.tabWidth = tabWidth;
        this.padding = padding;
        this.padChar = padChar;
    }

    /** docker's table settings: minwidth 10, tabwidth 1, padding 3, padded with spaces. */
    public static TableWriter docker() {
        return new TableWriter(10, 1, 3, ' ');
    }

    /** Returns {@code text} with its tab-terminated cells aligned into columns. */
    public String align(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        String[] sections = text.split("\f", -1);
        for (int i = 0; i < sections.length; i++) {
            boolean last = i == sections.length - 1;
            // A form feed terminates its line like a newline does, and flushes the column blocks.
            new Section(out, lines(last ? sections[i] : sections[i] + "\n")).write();
        }
        return out.toString();
    }

    /** Splits text into lines of cells; the final line is text after the last newline, if any. */
    private static List<List<String>> lines(String text) {
        String[] rawLines = text.split("\n", -1);
        List<List<String>> lines = new ArrayList<>(rawLines.length);
        for (int i = 0; i < rawLines.length; i++) {
            List<String> cells = new ArrayList<>(List.of(rawLines[i].split("[\t\u000b]", -1)));
            // An unterminated final line has no trailing empty cell: nothing ended it.
            if (i == rawLines.length - 1 && cells.getLast().isEmpty()) {
                cells.removeLast();
            }
            lines.add(cells);
        }
        return lines;
    }

    /** Formatting state for text between form feeds. */
    private final class Section {
        private final StringBuilder out;
        private final List<List<String>> lines;
        private final List<Integer> widths = new ArrayList<>();

        Section(StringBuilder out, List<List<String>> lines) {
            this.out = out;
            this.lines = lines;
        }

        void write() {
            format(0, lines.size());
        }

        /** Lays out lines [from, to) given the widths of the columns left of {@code widths.size()}. */
        private void format(int from, int to) {
            int column = widths.size();
            for (int line = from; line < to; line++) {
                if (!hasCell(line, column)) {
                    continue;
                }
                writeLines(from, line);
                from = line;
                int width = minWidth;
                for (; line < to && hasCell(line, column); line++) {
                    width = Math.max(width, runes(lines.get(line).get(column)) + padding);
                }
                widths.add(width);
                format(from, line);
                widths.removeLast();
                from = line;
            }
            writeLines(from, to);
        }

        /** Whether the line has a tab-terminated cell in the column (its last cell never counts). */
        private boolean hasCell(int line, int column) {
            return column < lines.get(line).size() - 1;
        }

        private void writeLines(int from, int to) {
            for (int i = from; i < to; i++) {
                List<String> cells = lines.get(i);
                for (int j = 0; j < cells.size(); j++) {
                    String cell = cells.get(j);
                    out.append(cell);
                    if (j < widths.size()) {
                        pad(runes(cell), widths.get(j));
                    }
                }
                if (i + 1 < lines.size()) {
                    out.append('\n');
                }
            }
        }

        private void pad(int textWidth, int cellWidth) {
            if (padChar != '\t') {
                out.repeat(padChar, cellWidth - textWidth);
                return;
            }
            if (tabWidth == 0) {
                return; // Tabs of no width cannot pad.
            }
            int roundedWidth = (cellWidth + tabWidth - 1) / tabWidth * tabWidth;
            out.repeat('\t', (roundedWidth - textWidth + tabWidth - 1) / tabWidth);
        }
    }

    private static int runes(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
