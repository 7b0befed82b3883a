package dev.warren.store;

/**
 * Encrypts a secret column before it is written and decrypts it after it is read, so the value is never at rest in
 * clear text (service passwords). {@code context} names the row the value belongs to (e.g.
 * {@code users.service_password/<id>}) and is authenticated with it, so a value copied to another row does not
 * decrypt. Implementations are thread-safe.
 */
public interface FieldCipher {
    /** The stored form of {@code plaintext}. */
    String seal(String plaintext, String context);

    /**
     * The plaintext of a stored value; a value stored before encryption (no marker) is returned as it is.
     *
     * @throws IllegalStateException when the value was sealed with a key this cipher does not hold, or was altered
     */
    String open(String stored, String context);

    /** Whether {@code stored} is sealed with the current key (else {@link UserStore#sealServicePasswords()} redoes it). */
    boolean isCurrent(String stored);

    /** Stores values as given: only for tests of the store itself. */
    FieldCipher NONE = new FieldCipher() {
        @Override
        public String seal(String plaintext, String context) {
            return plaintext;
        }

        @Override
        public String open(String stored, String context) {
            return stored;
        }

        @Override
        public boolean isCurrent(String stored) {
            return true;
        }
    };
}
