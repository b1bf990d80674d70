package io.ringlb.analysis.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the replica's name from a {@code /home} body the way the assignment's clients do:
 * {@code {"message": "Hello from Server: <name>", ...}}, the name being the text after the last
 * {@code :} of the message, or after its last space when it has no colon.
 */
public final class HomeMessage {

    private static final JsonFactory JSON = new JsonFactory();

    private HomeMessage() {
    }

    /** The replica named by {@code body} (UTF-8 JSON), or null when it names none. Never throws. */
    public static String replicaName(byte[] body, int offset, int length) {
        try (JsonParser p = JSON.createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("message".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? nameInMessage(p.getText()) : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The name at the end of a message such as {@code Hello from Server: server1}, or null. */
    public static String nameInMessage(String message) {
        int colon = message.lastIndexOf(':');
        int cut = colon >= 0 ? colon : message.lastIndexOf(' ');
        String name = message.substring(cut + 1).trim();
        return name.isEmpty() ? null : name;
    }
}
