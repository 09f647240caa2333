package dev.mlxgguf.template;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime} on a naive local time, as glibc formats it in the C locale
 * (English names). Supports {@code %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %P
 * %r %R %S %t %T %u %U %V %w %W %x %X %y %Y %z %Z %%} and the glibc padding flags {@code -} (none),
 * {@code _} (spaces), {@code 0} (zeros) and {@code ^} (upper case). {@code %z} and {@code %Z} are empty,
 * as for a naive datetime. Unknown directives are copied as written, as glibc does.
 */
final class Strftime {

    private Strftime() {
    }

    /**
     * Formats a time.
     *
     * @param t   the time
     * @param fmt the format
     * @return the text
     */
    static String format(LocalDateTime t, String fmt) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%' || i >= fmt.length()) {
                out.append(c);
                continue;
            }
            char flag = 0;
            if ("-_0^#".indexOf(fmt.charAt(i)) >= 0 && i + 1 < fmt.length()) {
                flag = fmt.charAt(i++);
            }
            char d = fmt.charAt(i++);
            String v = directive(t, d, flag);
            if (v == null) {
                out.append('%');
                if (flag != 0) {
                    out.append(flag);
                }
                out.append(d);
            } else {
                out.append(flag == '^' ? v.toUpperCase(Locale.ROOT) : v);
            }
        }
        return out.toString();
    }

    private static String directive(LocalDateTime t, char d, char flag) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return switch (d) {
            case 'a' -> name(t.getDayOfWeek().name()).substring(0, 3);
            case 'A' -> name(t.getDayOfWeek().name());
            case 'b', 'h' -> name(t.getMonth().name()).substring(0, 3);
            case 'B' -> name(t.getMonth().name());
            case 'c' -> format(t, "%a %b %e %H:%M:%S %Y");
            case 'C' -> num(t.getYear() / 100, 2, '0', flag);
            case 'd' -> num(t.getDayOfMonth(), 2, '0', flag);
            case 'D', 'x' -> format(t, "%m/%d/%y");
            case 'e' -> num(t.getDayOfMonth(), 2, ' ', flag);
            case 'F' -> format(t, "%Y-%m-%d");
            case 'g' -> num(t.get(IsoFields.WEEK_BASED_YEAR) % 100, 2, '0', flag);
            case 'G' -> num(t.get(IsoFields.WEEK_BASED_YEAR), 1, '0', flag);
            case 'H' -> num(t.getHour(), 2, '0', flag);
            case 'I' -> num(hour12, 2, '0', flag);
            case 'j' -> num(t.getDayOfYear(), 3, '0', flag);
            case 'k' -> num(t.getHour(), 2, ' ', flag);
            case 'l' -> num(hour12, 2, ' ', flag);
            case 'm' -> num(t.getMonthValue(), 2, '0', flag);
            case 'M' -> num(t.getMinute(), 2, '0', flag);
            case 'n' -> "\n";
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'P' -> t.getHour() < 12 ? "am" : "pm";
            case 'r' -> format(t, "%I:%M:%S %p");
            case 'R' -> format(t, "%H:%M");
            case 'S' -> num(t.getSecond(), 2, '0', flag);
            case 't' -> "\t";
            case 'T', 'X' -> format(t, "%H:%M:%S");
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'U' -> num(weekOfYear(t, DayOfWeek.SUNDAY), 2, '0', flag);
            case 'V' -> num(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, '0', flag);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'W' -> num(weekOfYear(t, DayOfWeek.MONDAY), 2, '0', flag);
            case 'y' -> num(t.getYear() % 100, 2, '0', flag);
            case 'Y' -> num(t.getYear(), 1, '0', flag);
            case 'z', 'Z' -> "";
            case '%' -> "%";
            default -> null;
        };
    }

    /** Week number where weeks start on {@code first}; days before the first such day are week 0. */
    private static int weekOfYear(LocalDateTime t, DayOfWeek first) {
        LocalDateTime jan1 = t.withDayOfYear(1);
        int offset = (first.getValue() - jan1.getDayOfWeek().getValue() + 7) % 7;
        long day = ChronoUnit.DAYS.between(jan1.toLocalDate(), t.toLocalDate());
        return day < offset ? 0 : (int) ((day - offset) / 7 + 1);
    }

    private static String name(String upper) {
        return upper.charAt(0) + upper.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String num(int value, int width, char pad, char flag) {
        String digits = Integer.toString(value);
        char p = switch (flag) {
            case '-' -> 0;
            case '_' -> ' ';
            case '0' -> '0';
            default -> pad;
        };
        if (p == 0 || digits.length() >= width) {
            return digits;
        }
        return String.valueOf(p).repeat(width - digits.length()) + digits;
    }
}
