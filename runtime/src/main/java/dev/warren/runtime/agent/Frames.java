package dev.warren.runtime.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The agent's wire format (docs/AGENT.md): frames of {@code [type u8][length u32 BE][payload]}, payload fields
 * big-endian with {@code u32}-length-prefixed byte strings. Types with the high bit set travel from the agent.
 */
final class Frames {
    static final int PROTOCOL_VERSION = 1;
    static final int MAX_PAYLOAD = 1 << 20;
    /** Largest chunk of bytes the client puts in one frame (stdin, file content). */
    static final int CHUNK = 64 * 1024;
    static final int DEFAULT_MODE = -1;

    // client → agent: the first frame, then one request
    static final int HELLO = 0x01;
    static final int HEALTH = 0x10;
    static final int START = 0x11;
    static final int ATTACH = 0x12;
    static final int PROCESSES = 0x13;
    static final int SIGNAL = 0x14;
    static final int STDIN = 0x15;
    static final int CLOSE_STDIN = 0x16;
    static final int RESIZE = 0x17;
    static final int STAT = 0x20;
    static final int LIST = 0x21;
    static final int MKDIR = 0x22;
    static final int REMOVE = 0x23;
    static final int RENAME = 0x24;
    static final int READ = 0x25;
    static final int WRITE = 0x26;
    static final int WATCH = 0x27;
    static final int SYMLINK = 0x28;
    // client → agent, after start/attach (process control) or write (content)
    static final int IN_DATA = 0x30;
    static final int IN_END = 0x31;
    static final int IN_RESIZE = 0x32;
    static final int IN_SIGNAL = 0x33;
    // agent → client
    static final int OK = 0x80;
    static final int ERROR = 0x81;
    static final int HEALTH_REPLY = 0x82;
    static final int STARTED = 0x83;
    static final int OUTPUT = 0x84;
    static final int EXIT = 0x85;
    static final int PROCESS = 0x86;
    static final int FILE = 0x87;
    static final int DATA = 0x88;
    static final int END = 0x89;
    static final int EVENT = 0x8A;

    // error codes in ERROR frames
    static final int BAD_REQUEST = 1;
    static final int NOT_FOUND = 2;
    static final int CONFLICT = 3;
    static final int DENIED = 4;
    static final int INTERNAL = 5;

    private Frames() {}

    record Frame(int type, byte[] payload) {
        Reader reader() {
            return new Reader(payload);
        }
    }

    /** The exception an ERROR frame stands for. */
    static AgentException failure(Frame error) {
        Reader reader = error.reader();
        int code = reader.u8();
        String message = reader.string();
        return switch (code) {
            case NOT_FOUND -> new AgentNotFoundException(message);
            case CONFLICT -> new AgentConflictException(message);
            case DENIED -> new AgentDeniedException(message);
            default -> new AgentException(message);
        };
    }

    /** Builds a payload. */
    static final class Writer {
        private byte[] buffer = new byte[64];
        private int length;

        Writer u8(int value) {
            ensure(1);
            buffer[length++] = (byte) value;
            return this;
        }

        Writer u16(int value) {
            return u8(value >>> 8).u8(value);
        }

        Writer u32(int value) {
            return u16(value >>> 16).u16(value);
        }

        Writer raw(byte[] bytes, int offset, int count) {
            ensure(count);
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
            return this;
        }

        Writer bytes(byte[] bytes) {
            return u32(bytes.length).raw(bytes, 0, bytes.length);
        }

        Writer string(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        Writer optionalString(String value) {
            return value == null ? u8(0) : u8(1).string(value);
        }

        Writer strings(List<String> values) {
            u32(values.size());
            values.forEach(this::string);
            return this;
        }

        Writer map(Map<String, String> values) {
            u32(values.size());
            values.forEach((key, value) -> string(key).string(value));
            return this;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, length);
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }

    /** Reads a payload; a field running past the end is the agent's fault and says so. */
    static final class Reader {
        private final byte[] buffer;
        private int position;

        Reader(byte[] buffer) {
            this.buffer = buffer;
        }

        int u8() {
            need(1);
            return buffer[position++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        int i32() {
            return u16() << 16 | u16();
        }

        long i64() {
            return (long) i32() << 32 | i32() & 0xFFFFFFFFL;
        }

        byte[] bytes() {
            int count = i32();
            if (count < 0) {
                throw malformed();
            }
            need(count);
            byte[] bytes = Arrays.copyOfRange(buffer, position, position + count);
            position += count;
            return bytes;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        String optionalString() {
            return u8() == 0 ? null : string();
        }

        List<String> strings() {
            int count = i32();
            List<String> values = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                values.add(string());
            }
            return values;
        }

        /** Everything not read yet. */
        byte[] rest() {
            byte[] rest = Arrays.copyOfRange(buffer, position, buffer.length);
            position = buffer.length;
            return rest;
        }

        private void need(int count) {
            if (count > buffer.length - position) {
                throw malformed();
            }
        }

        private static AgentException malformed() {
            return new AgentException("The agent sent a malformed frame (a field runs past its end).");
        }
    }
}
