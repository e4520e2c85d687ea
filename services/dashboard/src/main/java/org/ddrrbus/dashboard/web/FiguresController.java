package org.ddrrbus.dashboard.web;

import java.util.regex.Pattern;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.dashboard.figures.FigureBoard;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression;
import org.ddrrbus.dashboard.system.DashboardProperties;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The programme figures, for every signed-in user: exactly what the dashboard publishes on {@code ddrr.stats}. */
@RestController
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
class FiguresController {

    private static final Pattern KEY = Pattern.compile("[a-z0-9-]{1,64}");

    private final FigureBoard board;
    private final DashboardProperties properties;

    FiguresController(FigureBoard board, DashboardProperties properties) {
        this.board = board;
        this.properties = properties;
    }

    @GetMapping("/figures")
    FiguresView figures() {
        return view(board.snapshot(), properties.suppressBelow());
    }

    @GetMapping("/figures/{key}")
    Figure figure(@PathVariable String key) {
        if (!KEY.matcher(key).matches()) {
            throw new ApiErrors.BadRequest("a figure key is 1 to 64 lower-case letters, digits and '-'");
        }
        return board.snapshot()
                .programme(key)
                .orElseThrow(() -> new ApiErrors.NotFound("no figure with key '" + key + "'"));
    }

    @GetMapping("/me")
    Me me(Authentication authentication) {
        return Me.of(authentication);
    }

    static FiguresView view(FigureBoard.Snapshot snapshot, int suppressBelow) {
        return new FiguresView(
                snapshot.version(),
                suppressBelow,
                "<" + suppressBelow,
                SmallCountSuppression.WITHHELD,
                snapshot.programme());
    }

    /** Who is signed in, so the page can say so. */
    record Me(String name, String role) {

        static Me of(Authentication authentication) {
            String role = authentication.getAuthorities().stream()
                    .map(a -> a.getAuthority())
                    .filter(a -> a.startsWith("ROLE_"))
                    .map(a -> a.substring("ROLE_".length()))
                    .findFirst()
                    .orElse("");
            return new Me(authentication.getName(), role);
        }

        boolean manager() {
            return "MANAGER".equals(role);
        }
    }
}
