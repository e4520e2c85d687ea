/** Quarantine: where refused records go, unchanged, with the reason, the source and who refused them. */
package org.ddrrbus.client.quarantine;
