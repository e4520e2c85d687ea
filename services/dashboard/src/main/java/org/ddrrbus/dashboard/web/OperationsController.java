package org.ddrrbus.dashboard.web;

import org.ddrrbus.dashboard.operations.Operations;
import org.ddrrbus.dashboard.operations.OperationsMonitor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operations panel's data; programme managers only (the security configuration refuses donors with 403). */
@RestController
class OperationsController {

    private final OperationsMonitor monitor;

    OperationsController(OperationsMonitor monitor) {
        this.monitor = monitor;
    }

    @GetMapping(path = "/api/operations", produces = MediaType.APPLICATION_JSON_VALUE)
    Operations operations() {
        return monitor.current();
    }
}
