/**
 * The exchange's two federation sides and the topics between them: the outlet writes what may cross to the dedicated
 * outgoing topic, MirrorMaker 2 copies it to the other bus, and the inlet there verifies, applies its own agreement
 * and delivers.
 */
package org.ddrrbus.federation.link;
