package dev.greenlight.probe;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One event a WebSocket stream must deliver: matched by name (the value of the match field of a JSON
 * frame) or by a regex on the raw frame, within a deadline counted from when the messages were sent.
 */
record EventExpectation(String name, Pattern regex, Duration within) {

    String label() {
        return name != null ? name : "/" + regex.pattern() + "/";
    }

    boolean matches(String eventName, String frame) {
        return name != null ? name.equals(eventName) : regex.matcher(frame).find();
    }
}
