/** The exchange's own state schemas and their codec: gated like events, but never events. */
package org.ddrrbus.state;
