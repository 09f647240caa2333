package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python {@code str} semantics on Java strings. Python indexes code points while Java indexes UTF-16
 * units, so every index and length here counts code points.
 */
final class PyStr {

    private PyStr() {
    }

    /**
     * Python's {@code str.isspace()} for one code point.
     *
     * @param cp the code point
     * @return whether it is whitespace
     */
    static boolean isSpace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** {@return the length in code points} */
    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** {@return whether every code point is a single UTF-16 unit, so char and code point indexes agree} */
    static boolean isBmp(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@return the code points as one-character strings} */
    static List<Object> chars(String s) {
        List<Object> out = new ArrayList<>(s.length());
        s.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    /**
     * The code point at a Python index (negative counts from the end).
     *
     * @param s     the string
     * @param index the index
     * @return the one-character string, or {@code null} when out of range
     */
    static String charAt(String s, long index) {
        int n = length(s);
        long i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            return null;
        }
        int at = s.offsetByCodePoints(0, (int) i);
        return Character.toString(s.codePointAt(at));
    }

    /**
     * {@code str.strip}, {@code lstrip} and {@code rstrip}.
     *
     * @param s     the string
     * @param chars the characters to remove, or {@code null} for whitespace
     * @param left  strip the start
     * @param right strip the end
     * @return the stripped string
     */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int cp = s.codePointAt(start);
                if (!stripped(cp, chars)) {
                    break;
                }
                start += Character.charCount(cp);
            }
        }
        if (right) {
            while (end > start) {
                int cp = s.codePointBefore(end);
                if (!stripped(cp, chars)) {
                    break;
                }
                end -= Character.charCount(cp);
            }
        }
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(cp) >= 0;
    }

    /**
     * {@code str.split(sep, maxsplit)}.
     *
     * @param s        the string
     * @param sep      the separator, or {@code null} for runs of whitespace
     * @param maxSplit the most splits, negative for no limit
     * @return the parts
     */
    static List<Object> split(String s, String sep, long maxSplit) {
        List<Object> out = new ArrayList<>();
        long limit = maxSplit < 0 ? Long.MAX_VALUE : maxSplit;
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i >= n) {
                    return out;
                }
                if (out.size() >= limit) {
                    out.add(strip(s.substring(i), null, false, true));
                    return out;
                }
                int j = i;
                while (j < n && !isSpace(s.codePointAt(j))) {
                    j += Character.charCount(s.codePointAt(j));
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        requireSeparator(sep);
        int from = 0;
        while (out.size() < limit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /**
     * {@code str.rsplit(sep, maxsplit)}.
     *
     * @param s        the string
     * @param sep      the separator, or {@code null} for runs of whitespace
     * @param maxSplit the most splits, negative for no limit
     * @return the parts
     */
    static List<Object> rsplit(String s, String sep, long maxSplit) {
        if (maxSplit < 0) {
            return split(s, sep, -1);
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int end = s.length();
            while (true) {
                while (end > 0 && isSpace(s.codePointBefore(end))) {
                    end -= Character.charCount(s.codePointBefore(end));
                }
                if (end == 0) {
                    break;
                }
                if (out.size() >= maxSplit) {
                    out.add(strip(s.substring(0, end), null, true, false));
                    break;
                }
                int j = end;
                while (j > 0 && !isSpace(s.codePointBefore(j))) {
                    j -= Character.charCount(s.codePointBefore(j));
                }
                out.add(s.substring(j, end));
                end = j;
            }
        } else {
            requireSeparator(sep);
            int end = s.length();
            while (out.size() < maxSplit) {
                int at = s.lastIndexOf(sep, end - sep.length());
                if (at < 0) {
                    break;
                }
                out.add(s.substring(at + sep.length(), end));
                end = at;
            }
            out.add(s.substring(0, end));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private static void requireSeparator(String sep) {
        if (sep.isEmpty()) {
            throw PyException.valueError("empty separator");
        }
    }

    /**
     * {@code str.splitlines(keepends)}: splits on every Python line boundary.
     *
     * @param s        the string
     * @param keepEnds keep the line breaks
     * @return the lines
     */
    static List<Object> splitLines(String s, boolean keepEnds) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int brk = switch (c) {
                case '\r' -> i + 1 < n && s.charAt(i + 1) == '\n' ? 2 : 1;
                case '\n', 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029 -> 1;
                default -> 0;
            };
            if (brk == 0) {
                i++;
                continue;
            }
            out.add(s.substring(start, keepEnds ? i + brk : i));
            i += brk;
            start = i;
        }
        if (start < n) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** {@return Python's {@code str.upper()}} */
    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** {@return Python's {@code str.lower()}} */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@return Python's {@code str.title()}: a cased letter after an uncased one is title-cased, others lowered} */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (previousCased) {
                out.append(lower(Character.toString(cp)));
            } else {
                out.appendCodePoint(Character.toTitleCase(cp));
            }
            previousCased = isCased(cp);
        }
        return out.toString();
    }

    /** {@return Python's {@code str.capitalize()}: the first code point title-cased, the rest lowered} */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int cp = s.codePointAt(0);
        return Character.toString(Character.toTitleCase(cp)) + lower(s.substring(Character.charCount(cp)));
    }

    /** {@return whether Python considers the code point cased} */
    static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /**
     * Pads to a width, as {@code center}, {@code ljust} and {@code rjust} do.
     *
     * @param s     the string
     * @param width the target width in code points
     * @param fill  the one-character fill
     * @param align {@code '^'}, {@code '<'} or {@code '>'}
     * @return the padded string
     */
    static String pad(String s, long width, String fill, char align) {
        long total = width - length(s);
        if (total <= 0) {
            return s;
        }
        long left = switch (align) {
            case '<' -> 0;
            case '>' -> total;
            // CPython's center puts the odd extra character on the left only when the width is odd.
            default -> total / 2 + (total & width & 1);
        };
        return fill.repeat((int) left) + s + fill.repeat((int) (total - left));
    }

    /**
     * Converts a Python slice start/end pair into UTF-16 bounds.
     *
     * @param s     the string
     * @param start the start index or {@code null}
     * @param end   the end index or {@code null}
     * @return {@code {from, to}} in chars, clamped like a Python slice
     */
    static int[] range(String s, Long start, Long end) {
        int n = length(s);
        long from = start == null ? 0 : clampIndex(start, n);
        long to = end == null ? n : clampIndex(end, n);
        if (to < from) {
            to = from;
        }
        return new int[] {s.offsetByCodePoints(0, (int) from), s.offsetByCodePoints(0, (int) to)};
    }

    private static long clampIndex(long index, int n) {
        long i = index < 0 ? index + n : index;
        return Math.max(0, Math.min(i, n));
    }

    /** {@return the code point index of a UTF-16 index} */
    static int cpIndex(String s, int charIndex) {
        return s.codePointCount(0, charIndex);
    }

    /**
     * {@code str.count(sub)}: non-overlapping occurrences.
     *
     * @param s   the string
     * @param sub the substring
     * @return the count (length + 1 for the empty substring)
     */
    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return length(s) + 1L;
        }
        long count = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            count++;
        }
        return count;
    }
}
