package dev.greenlight.probe;

/** What a socket probe made of its target's answer: a signature ({@code NONE} when it passes) and what was said. */
record Answer(FailureSignature signature, String detail) {

    static Answer pass(String detail) {
        return new Answer(FailureSignature.NONE, detail);
    }

    boolean passed() {
        return signature == FailureSignature.NONE;
    }
}
