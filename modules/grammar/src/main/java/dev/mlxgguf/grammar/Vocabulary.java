package dev.mlxgguf.grammar;

import java.util.Arrays;

/**
 * A model's tokens as bytes, arranged as a byte trie for masking: the bytes each token adds to the text,
 * and which tokens end the generation. Tokens with no bytes that do not end the generation (control
 * tokens) are never allowed under a grammar. Immutable and thread-safe once built; build once per model.
 */
public final class Vocabulary {

    private final int size;
    private final byte[][] pieces;
    private final int[] endTokens;
    // the trie, in compressed rows: node n's children are childByte/childNode[childStart[n] .. childStart[n + 1])
    private final int[] childStart;
    private final byte[] childByte;
    private final int[] childNode;
    // the tokens whose bytes end at node n: tokenIds[tokenStart[n] .. tokenStart[n + 1])
    private final int[] tokenStart;
    private final int[] tokenIds;

    /**
     * @param pieces    the bytes of each token, indexed by token id (as emitted in the middle of a text)
     * @param endTokens the ids of end-of-generation tokens
     */
    public Vocabulary(byte[][] pieces, int[] endTokens) {
        this.size = pieces.length;
        this.pieces = pieces.clone();
        this.endTokens = endTokens.clone();
        boolean[] end = new boolean[size];
        for (int t : endTokens) {
            end[t] = true;
        }
        // build the trie with an edge map (node, byte) -> child, then flatten it into rows
        LongIntMap edges = new LongIntMap();
        Grammar.IntList edgeParent = new Grammar.IntList();
        Grammar.IntList edgeByte = new Grammar.IntList();
        Grammar.IntList tokenNode = new Grammar.IntList();
        Grammar.IntList tokenOf = new Grammar.IntList();
        int nodes = 1;
        for (int t = 0; t < size; t++) {
            byte[] p = pieces[t];
            if (end[t] || p == null || p.length == 0) {
                continue;
            }
            int n = 0;
            for (byte b : p) {
                long key = ((long) n << 8) | (b & 0xFF);
                int c = edges.get(key);
                if (c < 0) {
                    c = nodes++;
                    edges.put(key, c);
                    edgeParent.add(n);
                    edgeByte.add(b & 0xFF);
                }
                n = c;
            }
            tokenNode.add(n);
            tokenOf.add(t);
        }
        // edge i created child i + 1; rows sorted by parent, then by byte
        int e = edgeParent.size();
        Integer[] order = new Integer[e];
        for (int i = 0; i < e; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> edgeParent.get(a) != edgeParent.get(b)
                ? Integer.compare(edgeParent.get(a), edgeParent.get(b))
                : Integer.compare(edgeByte.get(a), edgeByte.get(b)));
        childStart = new int[nodes + 1];
        childByte = new byte[e];
        childNode = new int[e];
        for (int i = 0; i < e; i++) {
            childStart[edgeParent.get(order[i]) + 1]++;
            childByte[i] = (byte) edgeByte.get(order[i]);
            childNode[i] = order[i] + 1;
        }
        for (int n = 0; n < nodes; n++) {
            childStart[n + 1] += childStart[n];
        }
        tokenStart = new int[nodes + 1];
        tokenIds = new int[tokenOf.size()];
        for (int i = 0; i < tokenOf.size(); i++) {
            tokenStart[tokenNode.get(i) + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            tokenStart[n + 1] += tokenStart[n];
        }
        int[] fill = Arrays.copyOf(tokenStart, nodes);
        for (int i = 0; i < tokenOf.size(); i++) {
            tokenIds[fill[tokenNode.get(i)]++] = tokenOf.get(i);
        }
    }

    /** {@return the number of tokens} */
    public int size() {
        return size;
    }

    /** @param token a token id @return its bytes (empty for control tokens) */
    public byte[] piece(int token) {
        byte[] p = pieces[token];
        return p == null ? new byte[0] : p.clone();
    }

    byte[] pieceUnsafe(int token) {
        return pieces[token];
    }

    /** {@return the end-of-generation token ids (a copy)} */
    public int[] ends() {
        return endTokens.clone();
    }

    int[] endTokens() {
        return endTokens;
    }

    /** @param token a token id @return whether it ends the generation */
    public boolean isEnd(int token) {
        for (int t : endTokens) {
            if (t == token) {
                return true;
            }
        }
        return false;
    }

    /** {@return the number of trie nodes (a size measure)} */
    public int trieNodes() {
        return childStart.length - 1;
    }

    int childStart(int node) {
        return childStart[node];
    }

    int childEnd(int node) {
        return childStart[node + 1];
    }

    int childByte(int i) {
        return childByte[i] & 0xFF;
    }

    int childNode(int i) {
        return childNode[i];
    }

    int tokenStart(int node) {
        return tokenStart[node];
    }

    int tokenEnd(int node) {
        return tokenStart[node + 1];
    }

    int tokenId(int i) {
        return tokenIds[i];
    }

    @Override
    public String toString() {
        return "Vocabulary[" + size + " tokens, " + trieNodes() + " trie nodes, ends " + Arrays.toString(endTokens) + "]";
    }
}
