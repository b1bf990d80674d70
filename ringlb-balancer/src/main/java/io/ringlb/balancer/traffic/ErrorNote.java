package io.ringlb.balancer.traffic;

/**
 * An error answer the balancer gave (a 5xx it made itself), as the dashboard lists them.
 *
 * @param epochMillis when
 * @param status      the status sent
 * @param reason      why
 * @param replica     the replica concerned, or null
 * @param message     the failure JSON's message
 */
public record ErrorNote(long epochMillis, int status, LocalReply reason, String replica, String message) {
}
