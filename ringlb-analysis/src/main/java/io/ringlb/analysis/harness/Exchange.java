package io.ringlb.analysis.harness;

/**
 * One request to the balancer and its response, as A-3 prints them.
 *
 * @param method       HTTP method
 * @param path         request-target
 * @param requestBody  the body sent, or empty
 * @param status       the response status, or 0 when no response came
 * @param responseBody the response body (or the error, when none came)
 * @param millis       round-trip time
 */
public record Exchange(String method, String path, String requestBody, int status, String responseBody, long millis) {

    /** {@code POST /add {"n": 1}}: the request on one line. */
    public String request() {
        return method + " " + path + (requestBody.isEmpty() ? "" : " " + requestBody);
    }
}
