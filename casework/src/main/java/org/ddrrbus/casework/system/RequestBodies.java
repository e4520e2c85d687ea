package org.ddrrbus.casework.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.ddrrbus.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a write must look like before anything reads it: JSON, said so by its {@code Content-Type}, and small.
 *
 * <ul>
 *   <li>A write (POST, PUT, PATCH, DELETE) without {@code Content-Type: application/json} is refused with 415, an empty
 *       one included. A web page on another site can make a browser send a form or text with the caseworker's cached
 *       credentials, but not a JSON content type without asking this service first (a CORS preflight), which it
 *       never grants; so no page elsewhere can act through a caseworker's browser.
 *   <li>A body declared larger than the limit is refused with 413 from its {@code Content-Length}, before a byte of it
 *       is read; a body of unknown length (chunked) is read through a counting stream that fails the moment it passes
 *       the limit, and the refusal is a 413 too (see {@link ApiErrors}).
 *   <li>The staff pages' own forms ({@link FormPosts}) are form-encoded: they skip the JSON rule, guarded by a CSRF
 *       token instead, and keep the size limit.
 * </ul>
 */
final class RequestBodies extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final long limit;
    private final JsonMapper json;
    private final FormPosts forms;

    RequestBodies(long limit, JsonMapper json, FormPosts forms) {
        this.limit = limit;
        this.json = json;
        this.forms = forms;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!WRITES.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            chain.doFilter(request, response);
            return;
        }
        if (forms.covers(request)) {
            if (request.getContentLengthLong() > limit) {
                refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(limit));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!isJson(request.getContentType())) {
            refuse(
                    request,
                    response,
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send writes as JSON with Content-Type: application/json (UTF-8); no other type is accepted,"
                            + " so that no page on another site can post here through a browser");
            return;
        }
        long length = request.getContentLengthLong();
        if (length > limit) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge(limit));
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    /** The one-line reason of a refused body, whether its length was declared or counted. */
    static String tooLarge(long limit) {
        return tooLargeReason(limit).english();
    }

    static Reason tooLargeReason(long limit) {
        return Reason.of("tooLarge", limit);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            Charset charset = type.getCharset();
            return type.getType().equals("application")
                    && type.getSubtype().equals("json")
                    && (charset == null || charset.equals(StandardCharsets.UTF_8));
        } catch (InvalidMediaTypeException | java.nio.charset.UnsupportedCharsetException e) {
            return false;
        } catch (IllegalArgumentException e) {
            // An illegal charset name.
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String reason)
            throws IOException {
        // The body was not read: the connection cannot carry another request after it.
        response.setHeader("Connection", "close");
        Problem.of(status, reason).write(response, json, request.getRequestURI());
    }

    /** A body that is too large, found while reading it; {@link ApiErrors} answers 413. */
    static final class TooLarge extends IOException {

        private final long limit;

        TooLarge(long limit) {
            super(tooLarge(limit), null);
            this.limit = limit;
        }

        Reason reason() {
            return tooLargeReason(limit);
        }
    }

    /** The request with a body that can be read only up to the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never ask for more than one byte past the limit: that byte is enough to know the body is too large.
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
