package dev.mlxgguf.toolcalls;

import java.util.List;

/**
 * Turns generated text, pushed in chunks of any size, into text and tool calls. Text that might still become
 * part of a call (a marker's first characters) is held back until the next chunk or {@link #finish()} decides.
 * A call that does not parse stays text, so nothing the model wrote is lost.
 *
 * <p>One per generation; not thread-safe.
 */
public interface ToolCallParser {

    /**
     * @param chunk the next generated text
     * @return what it completes, in order (may be empty)
     */
    List<ToolCallEvent> push(String chunk);

    /**
     * Ends the text: held-back text is released and an unterminated call is parsed if it is whole.
     *
     * @return what remains, in order
     */
    List<ToolCallEvent> finish();
}
