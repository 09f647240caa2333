package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.server.http.JsonBodies;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a transcription upload, read from its multipart body. The {@code file} part is streamed into a
 * file the server created (its name is the server's); the client's file name is kept only, sanitised, to echo it.
 * Text fields: {@code language}, {@code prompt}, {@code temperature}, {@code response_format},
 * {@code timestamp_granularities[]} (repeatable), and this server's {@code temperature_increment} (0 turns off
 * whisper's temperature fallback). OpenAI's {@code model} and unknown fields are ignored.
 *
 * @param fileBytes            size of the uploaded file
 * @param fileName             the client's file name, sanitised for echoing (never a path)
 * @param language             ISO-639-1 code, or empty to detect
 * @param prompt               decoder prompt
 * @param temperature          0..1
 * @param temperatureIncrement fallback step, 0..1
 * @param format               the response format
 * @param segments             whether {@code verbose_json} lists segments
 * @param words                whether words (with their timestamps) are wanted
 */
record TranscriptionForm(long fileBytes, String fileName, Optional<String> language, String prompt, double temperature,
                         double temperatureIncrement, TranscriptFormats.Format format, boolean segments, boolean words) {

    private static final int MAX_FIELD_BYTES = 32 * 1024;
    private static final int MAX_FILE_NAME = 255;

    /**
     * Reads the form.
     *
     * @param reader   the multipart body
     * @param upload   the server's file that receives the {@code file} part
     * @param maxBytes largest accepted file
     * @return the form
     * @throws JsonBodies.PayloadTooLargeException if the file is larger than {@code maxBytes}
     * @throws InvalidRequestException             if a field is missing or invalid
     * @throws IOException                         if reading or writing fails
     */
    static TranscriptionForm read(MultipartReader reader, Path upload, long maxBytes) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder granularities = new StringBuilder();
        long fileBytes = -1;
        String fileName = "";
        Optional<MultipartReader.Part> part;
        while ((part = reader.next()).isPresent()) {
            MultipartReader.Part p = part.get();
            if (p.name().equals("file")) {
                if (fileBytes >= 0) {
                    throw new InvalidRequestException("only one file may be uploaded", "file");
                }
                try (OutputStream out = Files.newOutputStream(upload)) {
                    fileBytes = reader.copyBody(out, maxBytes);
                }
                if (fileBytes < 0) {
                    throw new JsonBodies.PayloadTooLargeException("the audio file exceeds the limit of " + maxBytes + " bytes");
                }
                fileName = sanitise(p.fileName().orElse(""));
            } else if (p.name().equals("timestamp_granularities[]") || p.name().equals("timestamp_granularities")) {
                granularities.append(reader.text(MAX_FIELD_BYTES, "timestamp_granularities")).append(',');
            } else {
                fields.put(p.name(), reader.text(MAX_FIELD_BYTES, p.name()));
            }
        }
        if (fileBytes < 0) {
            throw new InvalidRequestException("the form has no file", "file");
        }
        if (fileBytes == 0) {
            throw new InvalidRequestException("the uploaded file is empty", "file");
        }
        return of(fields, granularities.toString(), fileBytes, fileName);
    }

    private static TranscriptionForm of(Map<String, String> f, String granularities, long fileBytes, String fileName) {
        boolean segments = false;
        boolean words = false;
        for (String g : granularities.split(",")) {
            switch (g.strip()) {
                case "" -> { }
                case "segment" -> segments = true;
                case "word" -> words = true;
                default -> throw new InvalidRequestException("timestamp_granularities[] takes segment and word",
                        "timestamp_granularities[]");
            }
        }
        TranscriptFormats.Format format = TranscriptFormats.Format.of(value(f, "response_format").orElse("json"));
        if ((segments || words) && format != TranscriptFormats.Format.VERBOSE_JSON) {
            throw new InvalidRequestException("timestamp_granularities[] needs response_format verbose_json",
                    "timestamp_granularities[]");
        }
        Optional<String> language = value(f, "language").map(l -> l.toLowerCase(Locale.ROOT));
        return new TranscriptionForm(fileBytes, fileName, language, f.getOrDefault("prompt", ""),
                number(f, "temperature", 0), number(f, "temperature_increment",
                TranscriptionRequest.DEFAULT_TEMPERATURE_INCREMENT), format, segments || !words, words);
    }

    /**
     * The request for the engine.
     *
     * @param id          request id
     * @param upload      the uploaded file
     * @param maxDuration duration cap
     * @param threads     compute threads (0 = the host's)
     * @return the request
     * @throws InvalidRequestException if a field is out of range
     */
    TranscriptionRequest toRequest(String id, Path upload, Duration maxDuration, int threads) {
        return new TranscriptionRequest(id, new AudioInput.File(upload), language, prompt, temperature,
                temperatureIncrement, words, maxDuration, threads);
    }

    private static Optional<String> value(Map<String, String> f, String name) {
        return Optional.ofNullable(f.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static double number(Map<String, String> f, String name, double fallback) {
        Optional<String> v = value(f, name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a number", name);
        }
    }

    /**
     * The client's file name as it may be echoed: its last path element, without control characters, at most
     * 255 characters. Never used to name anything.
     *
     * @param name the client's name
     * @return the sanitised name
     */
    static String sanitise(String name) {
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder b = new StringBuilder();
        last.codePoints().filter(c -> c >= 0x20 && c != 0x7f && !Character.isISOControl(c)).forEach(b::appendCodePoint);
        String s = b.toString().strip();
        return s.length() > MAX_FILE_NAME ? s.substring(0, MAX_FILE_NAME) : s;
    }
}
