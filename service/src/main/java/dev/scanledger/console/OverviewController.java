package dev.scanledger.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Sign-in page, the overview with its figures, chart and live feed. */
@Controller
class OverviewController {

    private final Overview overview;
    private final LiveFeed feed;
    private final ConsoleText text;

    OverviewController(Overview overview, LiveFeed feed, ConsoleText text) {
        this.overview = overview;
        this.feed = feed;
        this.text = text;
    }

    @GetMapping("/console/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String wait, Model model) {
        if (error != null) {
            Long seconds = Forms.number(wait);
            model.addAttribute("error", switch (error) {
                case "driver" -> ConsoleSecurity.DRIVERS_REFUSED;
                case "deactivated" -> "Your account was deactivated or can no longer use the console.";
                case "throttled" -> "Too many sign-in attempts. Try again in " + (seconds == null ? "a minute." : seconds + (seconds == 1 ? " second." : " seconds."));
                default -> "Unable to sign in with this username and password.";
            });
        }
        return "console/login";
    }

    /** What ConsoleSecurity forwards a refused request to. */
    @RequestMapping("/console/refused")
    String refused(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object message = request.getAttribute(ConsoleSecurity.REFUSED_ATTRIBUTE);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("message", message == null ? "You may not do this." : message);
        return "console/error";
    }

    @GetMapping({"/console", "/console/"})
    String overview(Model model) {
        figures(model);
        return "console/overview";
    }

    /** The figures and chart alone, which the overview page reloads every few seconds. */
    @GetMapping("/console/overview/figures")
    String figures(Model model) {
        Overview.Snapshot now = overview.now(text.zone());
        model.addAttribute("figures", now.figures());
        model.addAttribute("chart", now.chart());
        return "console/overview :: figures";
    }

    @GetMapping(path = "/console/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(@AuthenticationPrincipal ConsolePrincipal me, HttpSession session) {
        return feed.connect(me, session);
    }
}
