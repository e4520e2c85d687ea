package org.ddrrbus.client.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A walk from a leaf to its root stops where it joins one the thread made before ({@link ProofWalks}): whatever the
 * proofs walked before, every proof must give the root the whole walk gives, so a changed leaf, sibling or index, or a
 * leaf under another root, is refused as before.
 */
class ProofWalksTest {

    private static final long ARRIVED = 1_767_225_600_000L;

    private final Random random = new Random(20261205);

    @Test
    void everyLeafInEveryOrderGivesItsTreesRoot() {
        for (int size = 1; size <= 70; size++) {
            List<byte[]> leaves = leaves(size, "tree " + size);
            Merkle.Tree tree = Merkle.build(leaves);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            for (List<Integer> walked : List.of(order, reversed(order), shuffled(order))) {
                for (int i : walked) {
                    assertThat(Merkle.rootOf(leaves.get(i), tree.proofs().get(i)))
                            .as("leaf %d of %d", i, size)
                            .isEqualTo(tree.root());
                }
            }
        }
    }

    @Test
    void aChangedLeafSiblingOrIndexIsRefusedAfterItsNeighboursWereWalked() {
        List<byte[]> leaves = leaves(100, "chunk");
        Merkle.Tree tree = Merkle.build(leaves);
        for (int i = 0; i < 100; i++) {
            // Every neighbour walked first: the walks remembered share all but the lowest nodes with leaf i's.
            for (int j = Math.max(0, i - 3); j < Math.min(100, i + 4); j++) {
                if (j != i) {
                    assertThat(Merkle.rootOf(leaves.get(j), tree.proofs().get(j)))
                            .isEqualTo(tree.root());
                }
            }
            byte[] proof = tree.proofs().get(i);
            byte[] changedLeaf = leaves.get(i).clone();
            changedLeaf[random.nextInt(32)] ^= 1;
            assertThat(Merkle.rootOf(changedLeaf, proof))
                    .as("leaf %d changed", i)
                    .isNotEqualTo(tree.root());
            for (int sibling = 0; sibling < (proof.length - 8) / 32; sibling++) {
                byte[] changed = proof.clone();
                changed[8 + sibling * 32 + random.nextInt(32)] ^= 1;
                assertThat(Merkle.rootOf(leaves.get(i), changed))
                        .as("leaf %d, sibling %d changed", i, sibling)
                        .isNotEqualTo(tree.root());
            }
            for (int other : new int[] {i - 1, i + 1, i ^ 1, i ^ 2, i ^ 8}) {
                if (other >= 0 && other < 100 && other != i) {
                    byte[] moved =
                            ByteBuffer.wrap(proof.clone()).putInt(0, other).array();
                    assertThat(rootOrRefusal(leaves.get(i), moved))
                            .as("leaf %d claiming index %d", i, other)
                            .isNotEqualTo(ByteBuffer.wrap(tree.root()));
                }
            }
        }
    }

    @Test
    void anyProofGivesWhatTheWholeWalkGivesWhateverWasWalkedBefore() {
        List<Merkle.Tree> trees = new ArrayList<>();
        List<List<byte[]>> leavesOf = new ArrayList<>();
        for (int size : new int[] {2, 3, 7, 64, 100, 256, 300}) {
            List<byte[]> leaves = leaves(size, "fuzz " + size);
            leavesOf.add(leaves);
            trees.add(Merkle.build(leaves));
        }
        for (int round = 0; round < 20_000; round++) {
            int t = random.nextInt(trees.size());
            int i = random.nextInt(leavesOf.get(t).size());
            byte[] leaf = leavesOf.get(t).get(i).clone();
            byte[] proof = trees.get(t).proofs().get(i).clone();
            switch (random.nextInt(6)) {
                case 0 -> leaf[random.nextInt(32)] ^= (byte) (1 + random.nextInt(255));
                case 1 -> proof[8 + random.nextInt(proof.length - 8)] ^= (byte) (1 + random.nextInt(255));
                case 2 ->
                    ByteBuffer.wrap(proof)
                            .putInt(0, random.nextInt(leavesOf.get(t).size()));
                case 3 -> ByteBuffer.wrap(proof).putInt(4, 1 + random.nextInt(400));
                case 4 ->
                    proof = trees.get(random.nextInt(trees.size()))
                            .proofs()
                            .get(0)
                            .clone();
                default -> {
                    // unchanged: the proof as signed
                }
            }
            assertThat(rootOrRefusal(leaf, proof)).as("round %d", round).isEqualTo(wholeWalkOrRefusal(leaf, proof));
        }
    }

    @Test
    void aLeafUnderARootItsSignatureDoesNotCoverIsRefusedAfterTheSignedChunkWasChecked() {
        SigningKey nctc = SigningKey.generate("nctc");
        RootCheck roots = new RootCheck(KeyRing.of(Map.of(nctc.keyId(), nctc.publicKey())));
        byte[] keyId = nctc.keyId().getBytes(StandardCharsets.UTF_8);
        Instant madeAt = Instant.ofEpochMilli(ARRIVED);
        List<byte[]> firstLeaves = leaves(40, "chunk");
        Merkle.Tree first = Merkle.build(firstLeaves);
        byte[] firstSignature = nctc.sign(first.root());
        // The same chunk with one leaf changed: its proofs share most nodes with the first's, its root is another.
        List<byte[]> secondLeaves = new ArrayList<>(firstLeaves);
        secondLeaves.set(17, Merkle.leaf("another leaf".getBytes(StandardCharsets.UTF_8)));
        Merkle.Tree second = Merkle.build(secondLeaves);
        byte[] secondSignature = nctc.sign(second.root());

        for (int i = 0; i < 40; i++) {
            // The first chunk's leaf i just before: its walk is the second's but for the nodes above leaf 17.
            assertThat(roots.verify(keyId, firstSignature, first.proofs().get(i), firstLeaves.get(i), madeAt, madeAt))
                    .isInstanceOf(SignatureCheck.Valid.class);
            assertThat(roots.verify(keyId, firstSignature, second.proofs().get(i), secondLeaves.get(i), madeAt, madeAt))
                    .as("leaf %d of the second chunk, under the first chunk's signature", i)
                    .isEqualTo(new SignatureCheck.Invalid(
                            "the signature of " + nctc.keyId() + " does not match the content"));
            assertThat(roots.verify(
                            keyId, secondSignature, second.proofs().get(i), secondLeaves.get(i), madeAt, madeAt))
                    .as("leaf %d of the second chunk, under its own signature", i)
                    .isInstanceOf(SignatureCheck.Valid.class);
        }
    }

    private List<byte[]> leaves(int size, String tree) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(Merkle.leaf((tree + ", leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    private static List<Integer> reversed(List<Integer> order) {
        List<Integer> reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private List<Integer> shuffled(List<Integer> order) {
        List<Integer> shuffled = new ArrayList<>(order);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled;
    }

    /** The root as {@link Merkle#rootOf} gives it, or its refusal's message. */
    private static Object rootOrRefusal(byte[] leaf, byte[] proof) {
        try {
            return ByteBuffer.wrap(Merkle.rootOf(leaf, proof));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The root by the whole walk, hash by hash, as it was before walks were remembered; or why not. */
    private static Object wholeWalkOrRefusal(byte[] leaf, byte[] proof) {
        ByteBuffer in = ByteBuffer.wrap(proof);
        if (proof.length < 8 || (proof.length - 8) % 32 != 0) {
            return "malformed inclusion proof";
        }
        int index = in.getInt();
        int count = in.getInt();
        if (count < 1 || index < 0 || index >= count) {
            return "inclusion proof names leaf " + index + " of " + count;
        }
        byte[] hash = leaf;
        int position = index;
        int width = count;
        while (width > 1) {
            int sibling = position ^ 1;
            if (sibling < width) {
                if (!in.hasRemaining()) {
                    return "inclusion proof too short";
                }
                byte[] other = new byte[32];
                in.get(other);
                hash = (position % 2 == 0) ? Merkle.node(hash, other) : Merkle.node(other, hash);
            }
            position /= 2;
            width = (width + 1) / 2;
        }
        if (in.hasRemaining()) {
            return "inclusion proof too long";
        }
        return ByteBuffer.wrap(hash);
    }
}
