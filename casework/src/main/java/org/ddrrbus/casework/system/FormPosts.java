package org.ddrrbus.casework.system;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The writes that come from the service's own HTML forms, which a browser sends form-encoded, not as JSON. They are
 * protected by a CSRF token and a session instead of the JSON content type (see {@link RequestBodies}); the bean that
 * says which they are belongs to the pages.
 */
@FunctionalInterface
public interface FormPosts {

    boolean covers(HttpServletRequest request);
}
