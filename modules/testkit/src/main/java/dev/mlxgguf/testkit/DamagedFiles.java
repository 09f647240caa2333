package dev.mlxgguf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Broken model files for failure tests: truncated copies, copies with overwritten bytes, and random
 * garbage. Stateless; I/O failures surface as {@link UncheckedIOException}.
 */
public final class DamagedFiles {

    private DamagedFiles() {
    }

    /**
     * Copies the first {@code length} bytes of a file.
     *
     * @param source the intact file
     * @param target where to write the truncated copy
     * @param length bytes to keep, at most the source size
     * @return {@code target}
     */
    public static Path truncatedCopy(Path source, Path target, long length) {
        byte[] all = read(source);
        if (length < 0 || length > all.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + all.length);
        }
        return write(target, Arrays.copyOf(all, (int) length));
    }

    /**
     * Copies the first fraction of a file (e.g. 0.5 keeps the metadata but cuts the tensor data).
     *
     * @param source   the intact file
     * @param target   where to write the truncated copy
     * @param fraction of the size to keep, in [0, 1]
     * @return {@code target}
     */
    public static Path truncatedCopy(Path source, Path target, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction outside [0, 1]");
        }
        return truncatedCopy(source, target, (long) (size(source) * fraction));
    }

    /**
     * Copies a file and overwrites some of its bytes.
     *
     * @param source      the intact file
     * @param target      where to write the damaged copy
     * @param offset      where the replacement starts
     * @param replacement bytes written over the copy at {@code offset}
     * @return {@code target}
     */
    public static Path corruptedCopy(Path source, Path target, long offset, byte[] replacement) {
        byte[] all = read(source);
        if (offset < 0 || offset + replacement.length > all.length) {
            throw new IllegalArgumentException("replacement outside the file");
        }
        System.arraycopy(replacement, 0, all, (int) offset, replacement.length);
        return write(target, all);
    }

    /**
     * Copies a file and overwrites the first occurrence of some text with other text of the same UTF-8
     * length, e.g. a tensor name or a metadata value in a GGUF file.
     *
     * @param source      the intact file
     * @param target      where to write the damaged copy
     * @param find        text whose UTF-8 bytes occur in the file
     * @param replacement text with as many UTF-8 bytes
     * @return {@code target}
     * @throws IllegalArgumentException if the lengths differ or {@code find} does not occur
     */
    public static Path replacedCopy(Path source, Path target, String find, String replacement) {
        byte[] f = find.getBytes(StandardCharsets.UTF_8);
        byte[] r = replacement.getBytes(StandardCharsets.UTF_8);
        if (f.length != r.length || f.length == 0) {
            throw new IllegalArgumentException("find and replacement must have the same non-zero UTF-8 length");
        }
        byte[] all = read(source);
        for (int i = 0; i + f.length <= all.length; i++) {
            if (Arrays.equals(all, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(r, 0, all, i, r.length);
                return write(target, all);
            }
        }
        throw new IllegalArgumentException("'" + find + "' does not occur in the file");
    }

    /**
     * Writes random bytes.
     *
     * @param target where to write
     * @param length number of bytes
     * @param seed   random seed
     * @return {@code target}
     */
    public static Path garbage(Path target, int length, long seed) {
        byte[] b = new byte[length];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return write(target, b);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path p, byte[] b) {
        try {
            Files.write(p, b);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
