package dev.tideway.samples.golden;

import java.util.Arrays;

/**
 * One change to an object's bytes, as a fuzzer makes it: a byte flipped, a run of bytes set to one
 * value (zeros, 0xff: lengths that claim gigabytes), bytes cut off the end, or bytes inserted.
 *
 * @param kind what to do
 * @param at where, as a fraction of the length in millionths
 * @param value the byte written or XORed
 * @param count how many bytes
 */
record Mutation(Kind kind, int at, int value, int count) {
    enum Kind { FLIP, FILL, TRUNCATE, INSERT }

    byte[] apply(byte[] data) {
        int position = data.length == 0 ? 0 : (int) ((long) at * data.length / 1_000_000L);
        switch (kind) {
            case FLIP -> {
                byte[] out = data.clone();
                if (out.length > 0) {
                    out[Math.min(position, out.length - 1)] ^= (byte) (value == 0 ? 1 : value);
                }
                return out;
            }
            case FILL -> {
                byte[] out = data.clone();
                Arrays.fill(out, Math.min(position, out.length), Math.min(out.length, position + count), (byte) value);
                return out;
            }
            case TRUNCATE -> {
                return Arrays.copyOf(data, Math.min(position, data.length));
            }
            case INSERT -> {
                byte[] out = new byte[data.length + count];
                int p = Math.min(position, data.length);
                System.arraycopy(data, 0, out, 0, p);
                Arrays.fill(out, p, p + count, (byte) value);
                System.arraycopy(data, p, out, p + count, data.length - p);
                return out;
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }
}
