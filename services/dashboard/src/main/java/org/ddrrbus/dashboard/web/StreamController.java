package org.ddrrbus.dashboard.web;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/stream}: the figures now and at every change, and for managers the operations samples. */
@RestController
class StreamController {

    private final LiveUpdates live;

    StreamController(LiveUpdates live) {
        this.live = live;
    }

    @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Authentication authentication) {
        return live.subscribe(FiguresController.Me.of(authentication).manager());
    }
}
