package io.jocker.runtime.shim;

/**
 * One message from conmon's attach socket: {@code [1 byte stream][payload ≤ 8192 bytes]}.
 *
 * @param stream {@link #STDOUT} or {@link #STDERR}
 */
public record AttachFrame(int stream, byte[] payload) {
    public static final int STDOUT = 2;
    public static final int STDERR = 3;

    /** Splits one received message; null for an empty message. */
    public static AttachFrame decode(byte[] message, int length) {
        if (length < 1) {
            return null;
        }
        byte[] payload = new byte[length - 1];
        System.arraycopy(message, 1, payload, 0, length - 1);
        return new AttachFrame(message[0] & 0xff, payload);
    }
}
