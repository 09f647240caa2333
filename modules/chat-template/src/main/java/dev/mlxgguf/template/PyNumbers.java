package dev.mlxgguf.template;

/** Python's {@code int()} and {@code float()} conversions as jinja2's {@code int} and {@code float} filters use them. */
final class PyNumbers {

    private PyNumbers() {
    }

    /**
     * Python {@code float(value)}.
     *
     * @param value the value
     * @return the float, or {@code null} where Python raises {@code TypeError}/{@code ValueError}
     */
    static Double toFloat(Object value) {
        if (value instanceof Undefined u) {
            // Undefined.__float__ raises rather than returning a default.
            throw u.error();
        }
        if (PyObjects.isNumber(value)) {
            return PyObjects.asDouble(value);
        }
        if (!(value instanceof String s)) {
            return null;
        }
        String t = PyStr.strip(s, null, true, true).replace("_", "");
        String lower = PyStr.lower(t);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        double sign = lower.startsWith("-") ? -1 : 1;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!unsigned.matches("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?") || s.contains("__")) {
            return null;
        }
        return Double.parseDouble(t);
    }

    /**
     * jinja2's {@code int} filter: {@code int(value, base)} for strings, {@code int(value)} otherwise, and
     * {@code int(float(value))} as a fallback (so {@code "42.23"} gives 42).
     *
     * @param value the value
     * @param base  the base for strings
     * @return the int, or {@code null} where jinja2 falls back to the default
     */
    static Long toInt(Object value, long base) {
        if (value instanceof Undefined u) {
            // Undefined.__int__ raises rather than returning a default.
            throw u.error();
        }
        if (value instanceof Double d) {
            return truncate(d);
        }
        if (PyObjects.isInt(value)) {
            return PyObjects.asLong(value);
        }
        if (value instanceof String s) {
            Long parsed = parseInt(PyStr.strip(s, null, true, true), (int) base);
            if (parsed != null) {
                return parsed;
            }
            Double d = toFloat(s);
            return d == null ? null : truncate(d);
        }
        return null;
    }

    private static Long truncate(double d) {
        if (Double.isNaN(d)) {
            return null;
        }
        if (Double.isInfinite(d)) {
            throw PyException.of("OverflowError", "cannot convert float infinity to integer");
        }
        if (Math.abs(d) >= 9.2e18) {
            throw PyException.of("OverflowError", "integer result too large for this template engine");
        }
        return (long) d;
    }

    private static Long parseInt(String s, int base) {
        String t = s;
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.startsWith("-");
            t = t.substring(1);
        }
        String lower = PyStr.lower(t);
        if (base == 16 && lower.startsWith("0x") || base == 8 && lower.startsWith("0o") || base == 2 && lower.startsWith("0b")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.startsWith("_") || t.endsWith("_") || t.contains("__") || base < 2 || base > 36) {
            return null;
        }
        try {
            long v = Long.parseLong(t.replace("_", ""), base);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
