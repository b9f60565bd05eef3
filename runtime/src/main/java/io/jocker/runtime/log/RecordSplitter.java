package io.jocker.runtime.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a k8s-file log read in pieces into its records: whole lines become records, and the bytes of
 * a line not finished yet wait for the next piece (conmon may be mid-write). Not thread-safe; one
 * per file being read.
 */
final class RecordSplitter {
    private byte[] carry = new byte[0];

    /** The records completed by {@code piece}; unparseable lines are dropped. */
    List<K8sFileLog.Record> feed(byte[] piece, int length) {
        List<K8sFileLog.Record> out = new ArrayList<>();
        byte[] all;
        if (carry.length == 0) {
            all = piece;
        } else {
            all = Arrays.copyOf(carry, carry.length + length);
            System.arraycopy(piece, 0, all, carry.length, length);
            length = all.length;
        }
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (all[i] == '\n') {
                K8sFileLog.Record r = K8sFileLog.parseLine(all, start, i);
                if (r != null) {
                    out.add(r);
                }
                start = i + 1;
            }
        }
        carry = Arrays.copyOfRange(all, start, length);
        return out;
    }

    /** Forgets an unfinished line (the file it belonged to is done with). */
    void reset() {
        carry = new byte[0];
    }
}
