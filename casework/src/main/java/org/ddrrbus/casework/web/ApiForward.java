package org.ddrrbus.casework.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.ddrrbus.casework.system.ApiErrors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a form on to the REST API inside this service, as the signed-in member of staff, and reads the API's answer:
 * the same validation, role checks, agreement checks and wait for the exchange's verdict as a JSON client gets, with no
 * second copy of any rule. The inner request carries a JSON body in place of the form and keeps the API's attributes
 * to itself, so the page's request is as it was when the answer comes back.
 */
@Component
class ApiForward {

    /**
     * The API's status and JSON body (a receipt, or a problem detail), and its refusal as a key of the bundles (null
     * where the API had only words of its own), for the page to say in the person's language.
     */
    record Answer(int status, JsonNode body, MessageSourceResolvable reason) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            JsonNode node = body == null ? null : body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    private final JsonMapper json;

    ApiForward(JsonMapper json) {
        this.json = json;
    }

    Answer post(HttpServletRequest request, HttpServletResponse response, String path, Map<String, Object> body)
            throws ServletException, IOException {
        byte[] content = json.writeValueAsBytes(body);
        JsonPost forwarded = new JsonPost(request, content);
        // The API fills it with its refusal as a key of the bundles (see ApiErrors).
        AtomicReference<MessageSourceResolvable> reason = new AtomicReference<>();
        forwarded.setAttribute(ApiErrors.REASON, reason);
        Captured captured = new Captured(response);
        // An include, not a forward: Tomcat ends the page's response after a forward, and the page is still to come.
        request.getRequestDispatcher(path).include(forwarded, captured);
        byte[] answer = captured.bytes();
        JsonNode node = answer.length == 0 ? null : readOrNull(answer);
        return new Answer(captured.getStatus(), node, reason.get());
    }

    private JsonNode readOrNull(byte[] answer) {
        try {
            return json.readTree(answer);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The page's POST, seen by the API as a JSON write with its own request attributes. */
    private static final class JsonPost extends HttpServletRequestWrapper {

        private static final Set<String> REPLACED = Set.of("content-type", "content-length");

        private final byte[] body;
        private final Map<String, Object> attributes = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        JsonPost(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public String getContentType() {
            return MediaType.APPLICATION_JSON_VALUE;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public String getHeader(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "content-type" -> getContentType();
                case "content-length" -> String.valueOf(body.length);
                default -> super.getHeader(name);
            };
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return REPLACED.contains(name.toLowerCase(java.util.Locale.ROOT))
                    ? Collections.enumeration(java.util.List.of(getHeader(name)))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getHeaderNames()));
            names.removeIf(n -> REPLACED.contains(n.toLowerCase(java.util.Locale.ROOT)));
            names.add("Content-Type");
            names.add("Content-Length");
            return Collections.enumeration(names);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }

        @Override
        public Object getAttribute(String name) {
            if (attributes.containsKey(name)) {
                return attributes.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(attributes.keySet());
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            removed.remove(name);
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
            removed.add(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the forwarded body is read at once");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(
                    new java.io.InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }
    }

    /** The API's answer, kept here instead of going to the browser, which gets the page. */
    private static final class Captured extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private int status = HttpServletResponse.SC_OK;
        private PrintWriter writer;
        private ServletOutputStream stream;

        Captured(HttpServletResponse response) {
            super(response);
        }

        byte[] bytes() {
            if (writer != null) {
                writer.flush();
            }
            return buffer.toByteArray();
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int sc) {
            status = sc;
        }

        @Override
        public void sendError(int sc, String msg) {
            status = sc;
        }

        @Override
        public void setHeader(String name, String value) {}

        @Override
        public void addHeader(String name, String value) {}

        @Override
        public void setIntHeader(String name, int value) {}

        @Override
        public void addIntHeader(String name, int value) {}

        @Override
        public void setContentType(String type) {}

        @Override
        public void setContentLength(int len) {}

        @Override
        public void setContentLengthLong(long len) {}

        @Override
        public void setCharacterEncoding(String charset) {}

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void reset() {
            buffer.reset();
        }

        @Override
        public void resetBuffer() {
            buffer.reset();
        }

        @Override
        public void flushBuffer() {}

        @Override
        public ServletOutputStream getOutputStream() {
            if (stream == null) {
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        buffer.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        buffer.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("the API's answer is written at once");
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
            }
            return writer;
        }
    }
}
