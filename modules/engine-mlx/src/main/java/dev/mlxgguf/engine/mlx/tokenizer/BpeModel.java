package dev.mlxgguf.engine.mlx.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BPE model of {@code tokenizer.json}: a word starts as its characters (ids from the vocabulary;
 * a character missing from it becomes its UTF-8 byte tokens {@code <0xNN>} with {@code byte_fallback}, else
 * the unknown token), then the adjacent pair with the lowest merge rank is merged, leftmost first on ties,
 * until no pair has a merge. With {@code ignore_merges} a word that is itself a token is emitted whole.
 * This is the Hugging Face algorithm, and equals llama.cpp's for both byte-level and score-ordered
 * SentencePiece vocabularies. Thread-safe (a bounded concurrent cache of word encodings).
 */
final class BpeModel {

    private static final int CACHE_LIMIT = 50_000;

    private final Map<String, Integer> vocab;
    private final long[] mergeKeys;     // open addressing: (left << 32 | right) + 1, 0 = empty
    private final long[] mergeValues;   // rank << 32 | merged id
    private final int mergeMask;
    private final int[] byteTokens;     // <0xNN> ids, -1 when absent
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final boolean fuseUnk;
    private final int unkId;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param vocab        token text to id
     * @param merges       pairs in rank order, each {@code [left, right]}; pairs whose parts or result are not
     *                     tokens are skipped
     * @param byteFallback use {@code <0xNN>} tokens for unknown characters
     * @param ignoreMerges emit words that are tokens whole
     * @param fuseUnk      merge consecutive unknown tokens into one
     * @param unkId        the unknown token id, or -1
     */
    BpeModel(Map<String, Integer> vocab, java.util.List<String[]> merges, boolean byteFallback, boolean ignoreMerges,
             boolean fuseUnk, int unkId) {
        this.vocab = Map.copyOf(vocab);
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.fuseUnk = fuseUnk;
        this.unkId = unkId;
        int cap = Integer.highestOneBit(Math.max(16, merges.size() * 2)) * 2;
        this.mergeKeys = new long[cap];
        this.mergeValues = new long[cap];
        this.mergeMask = cap - 1;
        for (int rank = 0; rank < merges.size(); rank++) {
            String[] m = merges.get(rank);
            Integer l = vocab.get(m[0]);
            Integer r = vocab.get(m[1]);
            Integer merged = vocab.get(m[0] + m[1]);
            if (l != null && r != null && merged != null) {
                putMerge(pairKey(l, r), ((long) rank << 32) | merged);
            }
        }
        this.byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            byteTokens[b] = id == null ? -1 : id;
        }
    }

    private static long pairKey(int left, int right) {
        return (((long) left << 32) | (right & 0xFFFFFFFFL)) + 1;
    }

    private void putMerge(long key, long value) {
        int i = slot(key);
        while (mergeKeys[i] != 0 && mergeKeys[i] != key) {
            i = (i + 1) & mergeMask;
        }
        if (mergeKeys[i] == 0) {
            mergeKeys[i] = key;
            mergeValues[i] = value;
        }
    }

    private long getMerge(int left, int right) {
        long key = pairKey(left, right);
        int i = slot(key);
        while (mergeKeys[i] != 0) {
            if (mergeKeys[i] == key) {
                return mergeValues[i];
            }
            i = (i + 1) & mergeMask;
        }
        return -1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mergeMask;
    }

    /**
     * Encodes one word (a pre-token, already byte-mapped for byte-level vocabularies).
     *
     * @param word the word
     * @param out  where the ids go
     */
    void encode(String word, IntList out) {
        if (word.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        int[] cached = cache.get(word);
        if (cached == null) {
            cached = merge(initial(word));
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(word, cached);
        }
        out.addAll(cached);
    }

    private IntList initial(String word) {
        IntList ids = new IntList(word.length());
        boolean lastUnk = false;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            Integer id = vocab.get(word.substring(i, i + len));
            i += len;
            if (id != null) {
                ids.add(id);
                lastUnk = false;
                continue;
            }
            if (byteFallback && bytesKnown(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    ids.add(byteTokens[b & 0xFF]);
                }
                lastUnk = false;
            } else if (unkId >= 0 && !(fuseUnk && lastUnk)) {
                ids.add(unkId);
                lastUnk = true;
            }
        }
        return ids;
    }

    private boolean bytesKnown(int cp) {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            if (byteTokens[b & 0xFF] < 0) {
                return false;
            }
        }
        return true;
    }

    private int[] merge(IntList symbols) {
        int n = symbols.size();
        if (n < 2) {
            return symbols.toArray();
        }
        int[] id = symbols.toArray();
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            push(heap, id[i], id[i + 1], i);
        }
        while (!heap.isEmpty()) {
            long top = heap.poll();
            int pos = (int) top;
            int rank = (int) (top >>> 32);
            int nx = next[pos];
            if (id[pos] < 0 || nx < 0) {
                continue;
            }
            long m = getMerge(id[pos], id[nx]);
            if (m < 0 || (int) (m >>> 32) != rank) {
                continue;
            }
            id[pos] = (int) m;
            id[nx] = -1;
            next[pos] = next[nx];
            if (next[nx] >= 0) {
                prev[next[nx]] = pos;
            }
            if (prev[pos] >= 0) {
                push(heap, id[prev[pos]], id[pos], prev[pos]);
            }
            if (next[pos] >= 0) {
                push(heap, id[pos], id[next[pos]], pos);
            }
        }
        IntList out = new IntList(n);
        for (int i = 0; i >= 0; i = next[i]) {
            out.add(id[i]);
        }
        return out.toArray();
    }

    private void push(LongHeap heap, int left, int right, int pos) {
        long m = getMerge(left, right);
        if (m >= 0) {
            heap.add((m & 0xFFFFFFFF00000000L) | pos);
        }
    }

    /** A min-heap of longs (rank in the high half, position in the low half). */
    private static final class LongHeap {
        private long[] a;
        private int size;

        LongHeap(int capacity) {
            a = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void add(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (a[p] <= v) {
                    break;
                }
                a[i] = a[p];
                i = p;
            }
            a[i] = v;
        }

        long poll() {
            long top = a[0];
            long last = a[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && a[c + 1] < a[c]) {
                    c++;
                }
                if (a[c] >= last) {
                    break;
                }
                a[i] = a[c];
                i = c;
            }
            a[i] = last;
            return top;
        }
    }
}
