package dev.mlxgguf.server.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict parsers of SRT and WebVTT files, for checking what the server renders. */
final class Subtitles {

    private static final Pattern SRT_CUE = Pattern.compile(
            "(\\d+)\\n(\\d{2}):(\\d{2}):(\\d{2}),(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3})\\n([^\\n]+)\\n");
    private static final Pattern VTT_CUE = Pattern.compile(
            "(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})\\n([^\\n]+)\\n");

    private Subtitles() {
    }

    /**
     * A cue.
     *
     * @param start start in seconds
     * @param end   end in seconds
     * @param text  its one line of text
     */
    record Cue(double start, double end, String text) {
    }

    /**
     * Parses SRT: numbered cues from 1, separated by one blank line.
     *
     * @param srt the file
     * @return the cues
     * @throws AssertionError if the file is not valid SRT
     */
    static List<Cue> srt(String srt) {
        List<Cue> cues = new ArrayList<>();
        for (String block : blocks(srt)) {
            Matcher m = SRT_CUE.matcher(block + "\n");
            if (!m.matches()) {
                throw new AssertionError("not an SRT cue: " + block);
            }
            if (Integer.parseInt(m.group(1)) != cues.size() + 1) {
                throw new AssertionError("SRT cue numbers must count from 1: " + block);
            }
            cues.add(new Cue(seconds(m, 2), seconds(m, 6), m.group(10)));
        }
        return cues;
    }

    /**
     * Parses WebVTT: the {@code WEBVTT} header, a blank line, then cues separated by blank lines.
     *
     * @param vtt the file
     * @return the cues
     * @throws AssertionError if the file is not valid WebVTT
     */
    static List<Cue> vtt(String vtt) {
        if (!vtt.startsWith("WEBVTT\n\n")) {
            throw new AssertionError("WebVTT must start with the WEBVTT header and a blank line");
        }
        List<Cue> cues = new ArrayList<>();
        for (String block : blocks(vtt.substring(8))) {
            Matcher m = VTT_CUE.matcher(block + "\n");
            if (!m.matches()) {
                throw new AssertionError("not a WebVTT cue: " + block);
            }
            cues.add(new Cue(seconds(m, 1), seconds(m, 5), m.group(9)));
        }
        return cues;
    }

    private static List<String> blocks(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.endsWith("\n\n")) {
            throw new AssertionError("the last cue must end with a blank line");
        }
        return List.of(text.substring(0, text.length() - 2).split("\n\n", -1));
    }

    private static double seconds(Matcher m, int g) {
        return Integer.parseInt(m.group(g)) * 3600 + Integer.parseInt(m.group(g + 1)) * 60 + Integer.parseInt(m.group(g + 2))
                + Integer.parseInt(m.group(g + 3)) / 1000.0;
    }
}
