package dev.mlxgguf.toolcalls;

import java.util.Objects;

/**
 * What the model may do with the tools.
 *
 * @param mode what
 * @param name the one function it must call ({@link Mode#NAMED}), else ""
 */
public record ToolChoice(Mode mode, String name) {

    /** The {@code tool_choice} modes. */
    public enum Mode {
        /** Text or calls, as the model likes; a call it starts is constrained to be valid. */
        AUTO,
        /** Text only: no call is parsed, and the format's opening marker cannot be generated. */
        NONE,
        /** One or more calls, nothing else. */
        REQUIRED,
        /** Calls of one named function only. */
        NAMED
    }

    /** {@code auto}. */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, "");
    /** {@code none}. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, "");
    /** {@code required}. */
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, "");

    /** Checks. */
    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(name, "name");
        if ((mode == Mode.NAMED) == name.isEmpty()) {
            throw new IllegalArgumentException("a name goes with NAMED only");
        }
    }

    /** @param name the function @return the choice that forces it */
    public static ToolChoice named(String name) {
        return new ToolChoice(Mode.NAMED, name);
    }
}
