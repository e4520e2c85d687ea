package org.ddrrbus.auditor.check;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.envelope.DeliveryTerms;

/**
 * Which records a replay or export keeps, judged on the key and headers alone, so records that do not even decode
 * can still be selected, and records left out cost no verification.
 *
 * @param subject the record key (the subjectRef)
 * @param eventType the event name {@code ce_type} names
 * @param agency the agency {@code ce_source} names
 * @param deliveryPurpose the purpose the exchange delivered under ({@code ddrr_purpose})
 */
public record Filters(
        Optional<String> subject,
        Optional<String> eventType,
        Optional<String> agency,
        Optional<String> deliveryPurpose) {

    public static Filters none() {
        return new Filters(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean admits(ConsumerRecord<String, byte[]> record) {
        if (subject.isPresent() && !subject.get().equals(record.key())) {
            return false;
        }
        if (eventType.isEmpty() && agency.isEmpty() && deliveryPurpose.isEmpty()) {
            return true;
        }
        Attributes attributes = Attributes.of(record.headers());
        return (eventType.isEmpty() || attributes.eventName().equals(eventType))
                && (agency.isEmpty() || attributes.sourceAgency().equals(agency))
                && (deliveryPurpose.isEmpty()
                        || DeliveryTerms.of(record.headers()).purpose().equals(deliveryPurpose));
    }
}
