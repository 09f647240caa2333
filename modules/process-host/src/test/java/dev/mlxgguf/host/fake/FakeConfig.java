package dev.mlxgguf.host.fake;

import java.util.List;
import java.util.Properties;

/**
 * Behaviour of a fake model.
 *
 * @param words            generated words, cycling
 * @param tokenDelayMs     delay per token
 * @param loadDelayMs      delay of the load
 * @param crashAtLoad      exit status to die with at load, 0 = none
 * @param crashAfterTokens tokens after which to die, 0 = never
 * @param crashStatus      exit status for the mid-generation death
 * @param contextLength    context size
 * @param eosAfter         tokens after which an end-of-generation happens, 0 = never
 */
record FakeConfig(List<String> words, long tokenDelayMs, long loadDelayMs, int crashAtLoad, int crashAfterTokens,
                  int crashStatus, int contextLength, int eosAfter) {

    static FakeConfig of(Properties p) {
        return new FakeConfig(
                List.of(p.getProperty("text", "alpha beta gamma delta").trim().split("\\s+")),
                Long.parseLong(p.getProperty("token_delay_ms", "0")),
                Long.parseLong(p.getProperty("load_delay_ms", "0")),
                Integer.parseInt(p.getProperty("crash_at_load", "0")),
                Integer.parseInt(p.getProperty("crash_after_tokens", "0")),
                Integer.parseInt(p.getProperty("crash_status", "137")),
                Integer.parseInt(p.getProperty("context_length", "256")),
                Integer.parseInt(p.getProperty("eos_after", "0")));
    }
}
