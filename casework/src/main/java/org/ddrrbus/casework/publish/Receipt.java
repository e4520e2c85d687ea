package org.ddrrbus.casework.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What a caseworker gets back for an action: the event recorded on the ledger and whether the exchange has delivered
 * it yet ({@code accepted}) or not within the wait ({@code pending}; see {@code GET /api/events/{eventId}}).
 *
 * @param reference the id of what was created (a referral, a consent, a case), when the action created one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(String eventId, String eventType, String subjectRef, String delivery, String reference) {

    /** 201 once delivered, 202 while still pending. */
    public ResponseEntity<Receipt> response() {
        return ResponseEntity.status("accepted".equals(delivery) ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .body(this);
    }
}
