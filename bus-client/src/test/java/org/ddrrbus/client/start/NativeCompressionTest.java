package org.ddrrbus.client.start;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

class NativeCompressionTest {

    @Test
    void kafkasLz4CodecIsNativeOnceLoadedEvenUnderAnApplicationsOwnClassLoader() throws Exception {
        // As in a Spring Boot jar: lz4-java and this class loaded by a class loader of their own, not the system one.
        URL lz4 = LZ4Factory.class.getProtectionDomain().getCodeSource().getLocation();
        URL bus = NativeCompression.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader own = new URLClassLoader(new URL[] {lz4, bus}, ClassLoader.getPlatformClassLoader())) {
            Class<?> factory = own.loadClass(LZ4Factory.class.getName());
            Object before = factory.getMethod("fastestInstance").invoke(null);
            assertThat(before).hasToString("LZ4Factory:JavaSafe");

            Object loaded = own.loadClass(NativeCompression.class.getName())
                    .getMethod("prefer")
                    .invoke(null);

            assertThat(loaded).isEqualTo(true);
            assertThat(factory.getMethod("fastestInstance").invoke(null)).hasToString("LZ4Factory:JNI");
        }
    }
}
