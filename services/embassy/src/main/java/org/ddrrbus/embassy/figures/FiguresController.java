package org.ddrrbus.embassy.figures;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The programme's figures as published: counts, with small ones already suppressed at the source. */
@RestController
class FiguresController {

    private final FigureBoard board;

    FiguresController(FigureBoard board) {
        this.board = board;
    }

    @GetMapping("/api/figures")
    List<Figure> figures() {
        return board.all();
    }

    @GetMapping("/api/figures/{key}")
    ResponseEntity<?> figure(@PathVariable String key, HttpServletRequest request) {
        return board.get(key)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no figure '" + key + "' has been published")
                        .response(request.getRequestURI()));
    }
}
