package org.ddrrbus.casework.system;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.ddrrbus.problem.Problem;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Tomcat refuses before the application sees them — a path with an encoded '/', '\' or NUL — are answered
 * with the same JSON as every other refusal, instead of Tomcat's HTML error page.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }

    /** Tomcat's error report as a {@link Problem}; instantiated by Tomcat, hence public. */
    public static final class JsonErrorReportValve extends ErrorReportValve {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus known = Optional.ofNullable(HttpStatus.resolve(status)).orElse(HttpStatus.BAD_REQUEST);
            String reason = status == 400
                    ? "the request is not valid HTTP: its path holds characters never accepted here (an encoded slash, backslash or NUL)"
                    : known.getReasonPhrase().toLowerCase(Locale.ROOT);
            try {
                response.setContentType(Problem.MEDIA_TYPE.toString());
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    // No instance: the path is exactly what Tomcat would not accept.
                    writer.write(
                            JSON.writeValueAsString(Problem.of(known, reason).body(null)));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response already committed: there is no one left to tell.
            }
        }
    }
}
