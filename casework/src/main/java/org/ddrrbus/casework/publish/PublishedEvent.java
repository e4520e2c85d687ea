package org.ddrrbus.casework.publish;

/**
 * An event the broker has acknowledged on the agency's outbox. Delivery is decided by the exchange afterwards;
 * {@code GET /api/events/{eventId}} tells whether it was delivered or refused.
 */
record PublishedEvent(String eventId, String eventType, String subjectRef, String topic, int partition, long offset) {}
