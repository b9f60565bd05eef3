package io.jocker.network.ipam;

import io.jocker.common.error.EngineException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * An IPv4 subnet in CIDR form, such as {@code 10.200.0.0/20}: a network address with no host bits
 * set and a prefix length from 0 to 32.
 *
 * <p>Immutable and thread-safe. {@link #toString()} is the canonical form {@link #parse} accepts.
 */
public final class Subnet implements Comparable<Subnet> {
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final int network;
    private final int prefixLength;

    private Subnet(int network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code a.b.c.d/n}. Host bits must be zero, as Docker requires of {@code --subnet}.
     *
     * @throws EngineException invalid argument when the text is not such a subnet
     */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw EngineException.invalidArgument("invalid subnet " + cidr + ": want a.b.c.d/n");
        }
        int address = parseAddressBits(cidr.substring(0, slash), cidr);
        int prefix = parsePrefix(cidr.substring(slash + 1), cidr);
        Subnet subnet = new Subnet(address & mask(prefix), prefix);
        if (subnet.network != address) {
            throw EngineException.invalidArgument("invalid subnet " + cidr + ": it should be " + subnet);
        }
        return subnet;
    }

    /** The subnet of the given length that contains {@code address}, host bits cleared. */
    public static Subnet containing(Inet4Address address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw EngineException.invalidArgument("invalid prefix length " + prefixLength + ": want 0 to 32");
        }
        return new Subnet(toBits(address) & mask(prefixLength), prefixLength);
    }

    /** The /32 holding exactly {@code address}. */
    public static Subnet single(Inet4Address address) {
        return containing(address, 32);
    }

    public Inet4Address networkAddress() {
        return toAddress(network);
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** The dotted netmask, e.g. 255.255.240.0 for a /20. */
    public Inet4Address netmask() {
        return toAddress(mask(prefixLength));
    }

    /** The last address of the subnet. For /31 and /32 there is no separate broadcast address. */
    public Inet4Address broadcast() {
        return toAddress(last());
    }

    /**
     * The gateway Docker gives a bridge network by default: the first host address.
     *
     * @throws EngineException invalid argument for /31 and /32, which have no room for a gateway and
     *     a container
     */
    public Inet4Address gateway() {
        if (hostCount() < 2) {
            throw EngineException.invalidArgument("subnet " + this + " is too small for a gateway and a container");
        }
        return toAddress(network + 1);
    }

    /** The number of usable host addresses (network and broadcast addresses excluded; 0 for /31, /32). */
    public long hostCount() {
        long size = 1L << (32 - prefixLength);
        return size <= 2 ? 0 : size - 2;
    }

    public boolean contains(Inet4Address address) {
        return (toBits(address) & mask(prefixLength)) == network;
    }

    /** Whether {@code other} lies entirely inside this subnet. */
    public boolean contains(Subnet other) {
        return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
    }

    /** Whether the two subnets share at least one address. */
    public boolean overlaps(Subnet other) {
        return contains(other) || other.contains(this);
    }

    /** The host addresses in ascending order, network and broadcast addresses excluded. */
    public Iterable<Inet4Address> hosts() {
        return () -> new Iterator<>() {
            private long next = Integer.toUnsignedLong(network) + 1;
            private final long end = Integer.toUnsignedLong(network) + 1 + hostCount();

            @Override
            public boolean hasNext() {
                return next < end;
            }

            @Override
            public Inet4Address next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return toAddress((int) next++);
            }
        };
    }

    /** The host's offset from the network address (0 for the network address itself). */
    long offsetOf(Inet4Address address) {
        return Integer.toUnsignedLong(toBits(address)) - Integer.toUnsignedLong(network);
    }

    /** The address at {@code offset} from the network address. */
    Inet4Address addressAt(long offset) {
        return toAddress((int) (Integer.toUnsignedLong(network) + offset));
    }

    private int last() {
        return network | ~mask(prefixLength);
    }

    @Override
    public int compareTo(Subnet other) {
        int byNetwork = Integer.compareUnsigned(network, other.network);
        return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s && s.network == network && s.prefixLength == prefixLength;
    }

    @Override
    public int hashCode() {
        return network * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return toAddress(network).getHostAddress() + "/" + prefixLength;
    }

    /**
     * Parses a dotted-quad IPv4 address strictly (no host names, no short forms), so parsing never
     * touches DNS.
     *
     * @throws EngineException invalid argument when the text is not such an address
     */
    public static Inet4Address parseAddress(String text) {
        return toAddress(parseAddressBits(text, text));
    }

    private static int parseAddressBits(String text, String whole) {
        var m = DOTTED.matcher(text);
        if (!m.matches()) {
            throw EngineException.invalidArgument("invalid IPv4 address " + whole);
        }
        int bits = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw EngineException.invalidArgument("invalid IPv4 address " + whole);
            }
            bits = (bits << 8) | octet;
        }
        return bits;
    }

    private static int parsePrefix(String text, String whole) {
        if (!text.matches("\\d{1,2}")) {
            throw EngineException.invalidArgument("invalid subnet " + whole + ": bad prefix length");
        }
        int prefix = Integer.parseInt(text);
        if (prefix > 32) {
            throw EngineException.invalidArgument("invalid subnet " + whole + ": prefix length above 32");
        }
        return prefix;
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    static int toBits(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    static Inet4Address toAddress(int bits) {
        byte[] b = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an IPv4 address", e);
        }
    }
}
