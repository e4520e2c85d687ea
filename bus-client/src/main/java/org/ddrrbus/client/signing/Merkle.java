package org.ddrrbus.client.signing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree over SHA-256 leaf hashes, with RFC 6962 domain separation (0x00 for leaves, 0x01 for nodes) so a
 * leaf can never pass for a node. One signature over the root covers every leaf; each leaf carries the few sibling
 * hashes that lead from it to the root.
 */
public final class Merkle {

    public static final int HASH_BYTES = 32;

    /** What a leaf's hashed content begins with (RFC 6962); a node's begins with 0x01. */
    static final byte LEAF_PREFIX = 0x00;

    private Merkle() {}

    /** Hash of a leaf's content. */
    public static byte[] leaf(byte[] content) {
        MessageDigest sha = sha256();
        sha.update(LEAF_PREFIX);
        sha.update(content);
        return sha.digest();
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root and, for each leaf, its inclusion proof. */
    public record Tree(byte[] root, List<byte[]> proofs) {}

    public static Tree build(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a tree needs at least one leaf");
        }
        int count = leaves.size();
        List<List<byte[]>> siblings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            siblings.add(new ArrayList<>());
        }
        // positions[i] is where leaf i's ancestor sits on the current level.
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = i;
        }
        List<byte[]> level = new ArrayList<>(leaves);
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                // An odd node out is promoted unchanged, as in RFC 6962.
                next.add(i + 1 < level.size() ? node(level.get(i), level.get(i + 1)) : level.get(i));
            }
            for (int leafIndex = 0; leafIndex < count; leafIndex++) {
                int position = positions[leafIndex];
                int sibling = position ^ 1;
                if (sibling < level.size()) {
                    siblings.get(leafIndex).add(level.get(sibling));
                }
                positions[leafIndex] = position / 2;
            }
            level = next;
        }
        List<byte[]> proofs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            proofs.add(encodeProof(i, count, siblings.get(i)));
        }
        return new Tree(level.get(0), proofs);
    }

    /**
     * The root a leaf leads to with its proof; fails on a malformed proof. Each walk up the tree stops where it joins
     * one this thread made just before, with the same root ({@link ProofWalks}).
     */
    public static byte[] rootOf(byte[] leafHash, byte[] proof) {
        if (proof.length < 8 || (proof.length - 8) % HASH_BYTES != 0) {
            throw new IllegalArgumentException("malformed inclusion proof");
        }
        ByteBuffer in = ByteBuffer.wrap(proof);
        int index = in.getInt();
        int count = in.getInt();
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("inclusion proof names leaf " + index + " of " + count);
        }
        int siblings = 0;
        for (int position = index, width = count; width > 1; position /= 2, width = (width + 1) / 2) {
            if ((position ^ 1) < width) {
                siblings++;
            }
        }
        int held = (proof.length - 8) / HASH_BYTES;
        if (held < siblings) {
            throw new IllegalArgumentException("inclusion proof too short");
        }
        if (held > siblings) {
            throw new IllegalArgumentException("inclusion proof too long");
        }
        if (count == 1) {
            return leafHash;
        }
        return leafHash.length == HASH_BYTES
                ? ProofWalks.rootOf(leafHash, proof, index, count)
                : walk(leafHash, in, index, count);
    }

    /** The whole walk from a leaf to its root, hash by hash: the definition {@link ProofWalks} keeps to. */
    static byte[] walk(byte[] leafHash, ByteBuffer siblings, int index, int count) {
        byte[] hash = leafHash;
        int position = index;
        int width = count;
        while (width > 1) {
            int sibling = position ^ 1;
            if (sibling < width) {
                byte[] other = new byte[HASH_BYTES];
                siblings.get(other);
                hash = (position % 2 == 0) ? node(hash, other) : node(other, hash);
            }
            position /= 2;
            width = (width + 1) / 2;
        }
        return hash;
    }

    private static byte[] encodeProof(int index, int count, List<byte[]> siblings) {
        ByteBuffer out = ByteBuffer.allocate(8 + siblings.size() * HASH_BYTES);
        out.putInt(index).putInt(count);
        siblings.forEach(out::put);
        return out.array();
    }

    /**
     * This thread's SHA-256, reset: looking the algorithm up for every hash took 7% of {@code audit verify}'s time.
     * Every caller finishes its hash before it asks again.
     */
    static MessageDigest sha256() {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return sha;
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    });

    static byte[] sha256(byte[] content) {
        return sha256().digest(content);
    }

    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static byte[] copy(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length);
    }
}
