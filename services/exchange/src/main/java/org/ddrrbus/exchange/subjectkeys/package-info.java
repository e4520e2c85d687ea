/** Per-person data keys: made, found, destroyed on erasure and expired at the agreed retention, outside Kafka. */
package org.ddrrbus.exchange.subjectkeys;
