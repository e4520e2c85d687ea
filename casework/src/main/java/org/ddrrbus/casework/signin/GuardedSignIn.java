package org.ddrrbus.casework.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Staff sign-in with a password, checked against BCrypt hashes ({@link SignInPolicy#BCRYPT_COST}) and guarded by a
 * {@link SignInGuard}: a locked account is refused before its password is looked at, and every wrong password counts.
 *
 * <p>HTTP Basic sends the password with every request, and a BCrypt check per request would make every page slow. A
 * password that was checked a moment ago is therefore accepted again, for {@link SignInPolicy#remembered()}, by
 * comparing a keyed hash (HMAC-SHA-256 under a key made at start and never stored). Only the very password that
 * passed the BCrypt check matches it; any other still pays the full check and counts as a failure, so the shortcut
 * speeds up nobody's guessing.
 */
public final class GuardedSignIn implements AuthenticationProvider {

    /** A password checked a moment ago, with the stored hash it was checked against (the user's is erased later). */
    private record Checked(byte[] mac, Instant until, UserDetails user, String hash) {}

    private final DaoAuthenticationProvider passwords;
    private final UserDetailsService users;
    private final SignInGuard guard;
    private final SignInPolicy policy;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Checked> recent = new ConcurrentHashMap<>();

    public GuardedSignIn(UserDetailsService users, PasswordEncoder encoder, SignInPolicy policy, Clock clock) {
        this.users = users;
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        this.guard = new SignInGuard(policy, clock);
        this.policy = policy;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The encoder for the passwords of staff: BCrypt at the bus's cost. */
    public static PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(SignInPolicy.BCRYPT_COST);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String name = attempt.getName();
        var locked = guard.lockedFor(name);
        if (locked.isPresent()) {
            throw new SignInLocked(locked.get());
        }
        String password =
                attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        byte[] mac = mac(name, password);
        Checked checked = recent.get(name);
        if (checked != null
                && clock.instant().isBefore(checked.until())
                && MessageDigest.isEqual(checked.mac(), mac)
                && unchanged(checked)) {
            return signedIn(checked.user());
        }
        Authentication result;
        try {
            result = passwords.authenticate(attempt);
        } catch (BadCredentialsException e) {
            recent.remove(name);
            var lock = guard.failed(name);
            if (lock.isPresent()) {
                throw new SignInLocked(lock.get());
            }
            throw e;
        }
        guard.succeeded(name);
        UserDetails user = (UserDetails) result.getPrincipal();
        recent.put(name, new Checked(mac, clock.instant().plus(policy.remembered()), user, user.getPassword()));
        return signedIn(user);
    }

    /**
     * Whether the account is still as it was checked: not disabled or removed since, nor given another password, so
     * that the shortcut never outlives what the operator changed.
     */
    private boolean unchanged(Checked checked) {
        try {
            UserDetails now = users.loadUserByUsername(checked.user().getUsername());
            return now.isEnabled() && now.getPassword().equals(checked.hash());
        } catch (UsernameNotFoundException e) {
            return false;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static Authentication signedIn(UserDetails user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
    }

    private byte[] mac(String name, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(name.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
