package io.jocker.cli.command;

import io.jocker.cli.format.TableWriter;

/**
 * "label:\tvalue" lines aligned the way the docker CLI's {@code version} and {@code info} blocks
 * are: Go's tabwriter with padding 1 and the given minimum cell width. Not thread-safe.
 */
final class Block {
    private final TableWriter writer;
    private final StringBuilder text = new StringBuilder();

    Block(int minWidth) {
        this.writer = new TableWriter(minWidth, 1, 1, ' ');
    }

    Block add(String label, String value) {
        text.append(label).append('\t').append(value).append('\n');
        return this;
    }

    String render() {
        return writer.align(text.toString());
    }
}
