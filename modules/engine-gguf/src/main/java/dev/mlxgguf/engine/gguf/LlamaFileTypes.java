package dev.mlxgguf.engine.gguf;

/** Names of llama.cpp's {@code enum llama_ftype} values (the GGUF {@code general.file_type}), as file names spell them. */
final class LlamaFileTypes {

    /** Flag llama.cpp adds when the type was guessed from the tensors. */
    static final int GUESSED = 1024;

    private LlamaFileTypes() {
    }

    /**
     * @param ftype a {@code llama_ftype} value (the guessed flag is ignored)
     * @return its name such as {@code Q4_K_M}, or empty if unknown
     */
    static String name(int ftype) {
        return switch (ftype & ~GUESSED) {
            case 0 -> "F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K";
            case 11 -> "Q3_K_S";
            case 12 -> "Q3_K_M";
            case 13 -> "Q3_K_L";
            case 14 -> "Q4_K_S";
            case 15 -> "Q4_K_M";
            case 16 -> "Q5_K_S";
            case 17 -> "Q5_K_M";
            case 18 -> "Q6_K";
            case 19 -> "IQ2_XXS";
            case 20 -> "IQ2_XS";
            case 21 -> "Q2_K_S";
            case 22 -> "IQ3_XS";
            case 23 -> "IQ3_XXS";
            case 24 -> "IQ1_S";
            case 25 -> "IQ4_NL";
            case 26 -> "IQ3_S";
            case 27 -> "IQ3_M";
            case 28 -> "IQ2_S";
            case 29 -> "IQ2_M";
            case 30 -> "IQ4_XS";
            case 31 -> "IQ1_M";
            case 32 -> "BF16";
            case 36 -> "TQ1_0";
            case 37 -> "TQ2_0";
            case 38 -> "MXFP4_MOE";
            case 39 -> "NVFP4";
            case 40 -> "Q1_0";
            case 41 -> "Q2_0";
            default -> "";
        };
    }
}
