package io.ringlb.balancer.traffic;

import io.netty.handler.codec.http.HttpMethod;

/** The {@code method} label: the common methods by name, every other one as {@code OTHER}. */
public enum MethodClass {
    GET, HEAD, POST, PUT, DELETE, OTHER;

    private static final MethodClass[] ALL = values();

    /** Identity comparisons: Netty hands out its constants for the standard methods. */
    public static MethodClass of(HttpMethod m) {
        if (m == HttpMethod.GET) {
            return GET;
        }
        if (m == HttpMethod.POST) {
            return POST;
        }
        if (m == HttpMethod.HEAD) {
            return HEAD;
        }
        if (m == HttpMethod.PUT) {
            return PUT;
        }
        if (m == HttpMethod.DELETE) {
            return DELETE;
        }
        return OTHER;
    }

    static MethodClass at(int ordinal) {
        return ALL[ordinal];
    }
}
