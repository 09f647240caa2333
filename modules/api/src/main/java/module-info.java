/**
 * Domain records shared by the server, the host processes and the engines: prompts, sampling
 * parameters, generation results, usage, speech-to-text requests and results, and the sealed
 * {@link dev.mlxgguf.api.LlmException} family. Pure JDK; no dependency on HTTP, JSON libraries or native code.
 */
module dev.mlxgguf.api {
    exports dev.mlxgguf.api;
    exports dev.mlxgguf.api.speech;
}
