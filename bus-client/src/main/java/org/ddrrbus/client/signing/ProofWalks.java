package org.ddrrbus.client.signing;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The walks from a leaf to its root that this thread made last, so that a walk that joins one of them stops there.
 * The records of one signed chunk share all but the lowest nodes of their proofs, and are read one after the other:
 * the next leaf's walk meets the last one's a level or two up, and the eight or so hashes above were done already.
 *
 * <p>Exact, not trusting: a walk stops only where the rest of it would repeat a remembered walk step for step, that is
 * at the same node (compared byte for byte) in the same position of a tree of the same size, with the same siblings
 * from there to the root (compared byte for byte). The rest of a walk depends on nothing else, so the root it gives is
 * the root the whole walk gives, for a forged proof as for a true one, and its signature is checked as before. A few
 * walks per thread are kept ({@value #WALKS}, a few kilobytes), the least recently met replaced.
 */
final class ProofWalks {

    /** Walks remembered per thread: the sender's and the exchange's proofs of a delivery, and a chunk boundary each. */
    static final int WALKS = 4;

    /** A tree of at most {@code Integer.MAX_VALUE} leaves has at most 31 levels above its leaves. */
    private static final int MOST_LEVELS = 31;

    private static final int HASH = Merkle.HASH_BYTES;
    private static final byte NODE_PREFIX = 0x01;

    private static final ThreadLocal<ProofWalks> OF_THREAD = ThreadLocal.withInitial(ProofWalks::new);

    /** One walk: where it started, its proof, and the node it reached at each level (the last is the root). */
    private static final class Walk {
        private int count;
        private int index = -1;
        private int levels;
        private long lastMet;
        private final int[] siblingAt = new int[MOST_LEVELS + 1];
        private final byte[] nodes = new byte[(MOST_LEVELS + 1) * HASH];
        private byte[] proof = new byte[0];
        private int proofLength;

        void take(Walk from, byte[] fromProof, int fromProofLength) {
            count = from.count;
            index = from.index;
            levels = from.levels;
            System.arraycopy(from.siblingAt, 0, siblingAt, 0, levels + 1);
            System.arraycopy(from.nodes, 0, nodes, 0, (levels + 1) * HASH);
            if (proof.length < fromProofLength) {
                proof = new byte[fromProofLength];
            }
            System.arraycopy(fromProof, 0, proof, 0, fromProofLength);
            proofLength = fromProofLength;
        }

        /** Whether from {@code level} on this walk is the one a walk at {@code node} with {@code proof}'s rest takes. */
        boolean continues(int level, int position, int treeSize, byte[] node, byte[] walkProof, int siblingOffset) {
            return index >= 0
                    && count == treeSize
                    && (index >>> level) == position
                    && Arrays.equals(nodes, level * HASH, (level + 1) * HASH, node, level * HASH, (level + 1) * HASH)
                    && Arrays.equals(proof, siblingAt[level], proofLength, walkProof, siblingOffset, walkProof.length);
        }
    }

    private final Walk[] walks = new Walk[WALKS];
    private final Walk current = new Walk();
    private long met;

    private ProofWalks() {
        for (int i = 0; i < WALKS; i++) {
            walks[i] = new Walk();
        }
    }

    /**
     * The root {@code leafHash} leads to with {@code proof}'s siblings ({@code siblings} of them, the proof's length
     * checked by the caller) from leaf {@code index} of {@code count}, as {@link Merkle#rootOf} defines it.
     */
    static byte[] rootOf(byte[] leafHash, byte[] proof, int index, int count) {
        return OF_THREAD.get().walk(leafHash, proof, index, count);
    }

    private byte[] walk(byte[] leafHash, byte[] proof, int index, int count) {
        Walk walk = current;
        byte[] nodes = walk.nodes;
        System.arraycopy(leafHash, 0, nodes, 0, HASH);
        walk.count = count;
        walk.index = index;
        int position = index;
        int width = count;
        int offset = 8;
        int level = 0;
        while (width > 1) {
            walk.siblingAt[level] = offset;
            if (level > 0) {
                Walk joined = joined(level, position, count, nodes, proof, offset);
                if (joined != null) {
                    // Below this level the walks differ; from here up they are the same, root included.
                    System.arraycopy(
                            joined.nodes,
                            (level + 1) * HASH,
                            nodes,
                            (level + 1) * HASH,
                            (joined.levels - level) * HASH);
                    for (int above = level + 1; above <= joined.levels; above++) {
                        // Where each sibling above lies in this proof: below, the two proofs may hold a different
                        // number.
                        walk.siblingAt[above] = joined.siblingAt[above] - joined.siblingAt[level] + offset;
                    }
                    walk.levels = joined.levels;
                    joined.take(walk, proof, proof.length);
                    joined.lastMet = ++met;
                    return Arrays.copyOfRange(nodes, walk.levels * HASH, (walk.levels + 1) * HASH);
                }
            }
            int sibling = position ^ 1;
            if (sibling < width) {
                boolean leftOfSibling = position % 2 == 0;
                hashNode(nodes, level * HASH, proof, offset, leftOfSibling, nodes, (level + 1) * HASH);
                offset += HASH;
            } else {
                // An odd node out is promoted unchanged, as in RFC 6962.
                System.arraycopy(nodes, level * HASH, nodes, (level + 1) * HASH, HASH);
            }
            position /= 2;
            width = (width + 1) / 2;
            level++;
        }
        walk.siblingAt[level] = offset;
        walk.levels = level;
        Walk replaced = leastRecentlyMet();
        replaced.take(walk, proof, proof.length);
        replaced.lastMet = ++met;
        return Arrays.copyOfRange(nodes, level * HASH, (level + 1) * HASH);
    }

    private Walk joined(int level, int position, int count, byte[] nodes, byte[] proof, int offset) {
        for (Walk walk : walks) {
            if (walk.continues(level, position, count, nodes, proof, offset)) {
                return walk;
            }
        }
        return null;
    }

    private Walk leastRecentlyMet() {
        Walk oldest = walks[0];
        for (Walk walk : walks) {
            if (walk.lastMet < oldest.lastMet) {
                oldest = walk;
            }
        }
        return oldest;
    }

    /** SHA-256 of 0x01, then the node and its sibling in their order, into {@code out}: no array made per node. */
    private static void hashNode(
            byte[] node, int nodeOffset, byte[] proof, int siblingOffset, boolean nodeIsLeft, byte[] out, int at) {
        MessageDigest sha = Merkle.sha256();
        sha.update(NODE_PREFIX);
        if (nodeIsLeft) {
            sha.update(node, nodeOffset, HASH);
            sha.update(proof, siblingOffset, HASH);
        } else {
            sha.update(proof, siblingOffset, HASH);
            sha.update(node, nodeOffset, HASH);
        }
        try {
            sha.digest(out, at, HASH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 fills 32 bytes", e);
        }
    }
}
