package io.ringlb.balancer.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks static backends may be in ({@code --backend-networks}): a list of CIDR blocks, such
 * as {@code 10.0.0.0/8,127.0.0.1/32,fd00::/8}. Empty means any address.
 */
public final class BackendNetworks {

    /** One block: an address and how many of its leading bits must match. */
    private record Block(byte[] network, int prefix, String text) {

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    private static final BackendNetworks ANY = new BackendNetworks(List.of());

    private final List<Block> blocks;

    private BackendNetworks(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** No restriction. */
    public static BackendNetworks any() {
        return ANY;
    }

    /**
     * Parses CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}; an address alone is a single host).
     * Only IP literals: nothing is looked up.
     *
     * @throws IllegalArgumentException saying which entry is wrong
     */
    public static BackendNetworks parse(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : cidrs) {
            String c = raw.strip();
            int slash = c.indexOf('/');
            String ip = slash < 0 ? c : c.substring(0, slash);
            if (!IpLiterals.isLiteral(ip)) {
                throw new IllegalArgumentException("'" + raw + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(ip).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + raw + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8", e);
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                String p = c.substring(slash + 1);
                if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + raw + "' has a prefix length outside 0-" + bytes.length * 8);
                }
                prefix = Integer.parseInt(p);
            }
            blocks.add(new Block(bytes, prefix, c));
        }
        return new BackendNetworks(blocks);
    }

    /** Whether any address is allowed. */
    public boolean isAny() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (resolved) is in one of the blocks, or there is no restriction. */
    public boolean permits(InetAddress address) {
        if (blocks.isEmpty()) {
            return true;
        }
        InetAddress a = IpLiterals.unmapped(address);
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** The blocks as given, comma-separated, or {@code any}. */
    @Override
    public String toString() {
        return blocks.isEmpty() ? "any" : String.join(",", blocks.stream().map(Block::text).toList());
    }
}
