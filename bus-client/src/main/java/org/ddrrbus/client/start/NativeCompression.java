package org.ddrrbus.client.start;

import net.jpountz.lz4.LZ4Factory;

/**
 * Loads lz4's native code, so Kafka's lz4 codec compresses and decompresses natively in every process of the bus.
 *
 * <p>Kafka asks lz4-java for its fastest codec, which is the native one only if the native library is loaded already or
 * lz4-java sits on the system class loader. A Spring Boot jar ({@code ./ddrr}, the bench) loads it through its own
 * class loader, so without this Kafka falls back to the pure-Java safe codec: in the bench's profile that was a fifth of
 * the exchange's stream thread. Loading the library once at start makes every later request native.
 */
public final class NativeCompression {

    private NativeCompression() {}

    /**
     * Loads the native codec; where it cannot be loaded (a platform lz4-java has no library for), Kafka keeps the
     * pure-Java one, which is slower but the same format.
     *
     * @return whether the native codec is in use
     */
    public static boolean prefer() {
        try {
            LZ4Factory loaded = LZ4Factory.nativeInstance();
            return LZ4Factory.fastestInstance() == loaded;
        } catch (LinkageError | RuntimeException unavailable) {
            // Kafka's own choice then stands: the Java codec.
            return false;
        }
    }
}
