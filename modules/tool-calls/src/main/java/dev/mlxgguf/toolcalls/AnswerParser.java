package dev.mlxgguf.toolcalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits one chat answer, pushed in chunks of any size, into reasoning, text and tool calls: reasoning blocks
 * (between the family's markers; from the start when the prompt left one open) become
 * {@link ToolCallEvent.Reasoning}, and the rest goes through the tool-call parser when there is one. White space
 * right after a closed reasoning block is dropped. Text that might still be a marker is held back until the
 * next chunk or {@link #finish()} decides.
 *
 * <p>One per generation; not thread-safe.
 */
public final class AnswerParser {

    private final ReasoningFormat reasoning;
    private final ToolCallParser calls;
    private final StringBuilder held = new StringBuilder();
    private boolean inside;
    private boolean afterClose;

    /**
     * @param reasoning the model's reasoning markers
     * @param inside    whether the answer starts inside a reasoning block (the prompt opened it)
     * @param calls     the tool-call parser, if calls are parsed
     */
    public AnswerParser(ReasoningFormat reasoning, boolean inside, Optional<ToolCallParser> calls) {
        this.reasoning = reasoning;
        this.inside = inside && reasoning != ReasoningFormat.NONE;
        this.calls = calls.orElse(null);
    }

    /**
     * @param chunk the next generated text
     * @return what it completes, in order
     */
    public List<ToolCallEvent> push(String chunk) {
        List<ToolCallEvent> out = new ArrayList<>();
        if (reasoning == ReasoningFormat.NONE) {
            text(out, chunk);
            return out;
        }
        held.append(chunk);
        while (!held.isEmpty()) {
            String marker = inside ? reasoning.close() : reasoning.open();
            int at = held.indexOf(marker);
            if (at < 0) {
                int keep = MarkedCallParser.partialSuffix(held, marker);
                emit(out, held.substring(0, held.length() - keep));
                held.delete(0, held.length() - keep);
                break;
            }
            emit(out, held.substring(0, at));
            held.delete(0, at + marker.length());
            afterClose = inside;
            inside = !inside;
        }
        return out;
    }

    /** {@return what remains: held-back text, and a call cut off at the end if it is whole} */
    public List<ToolCallEvent> finish() {
        List<ToolCallEvent> out = new ArrayList<>();
        emit(out, held.toString());
        held.setLength(0);
        if (calls != null) {
            out.addAll(calls.finish());
        }
        return out;
    }

    private void emit(List<ToolCallEvent> out, String s) {
        if (inside) {
            if (!s.isEmpty()) {
                out.add(new ToolCallEvent.Reasoning(s));
            }
            return;
        }
        if (afterClose) {
            s = s.stripLeading();
            afterClose = s.isEmpty();
        }
        text(out, s);
    }

    private void text(List<ToolCallEvent> out, String s) {
        if (s.isEmpty()) {
            return;
        }
        if (calls == null) {
            out.add(new ToolCallEvent.Text(s));
        } else {
            out.addAll(calls.push(s));
        }
    }
}
