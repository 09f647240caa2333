package dev.mlxgguf.host.protocol;

/**
 * A message between the server and a host process: {@link ToHost} frames go to the host, {@link FromHost}
 * frames come back. Every frame record carries its envelope tag ({@code TAG}, also {@link #tag()}), so the
 * codec and both readers switch over closed families without an "unexpected frame" case.
 */
public sealed interface Frame permits ToHost, FromHost {

    /** {@return the envelope tag of this frame's type} */
    int tag();
}
