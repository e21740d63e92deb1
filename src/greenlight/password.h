#pragma once
// Greenlight password digests. Greenlight stores what Rails'
// has_secure_password stores: BCrypt::Password.create(secret, cost: 12), a
// 60-character "$2a$12$<22 salt><31 hash>" string (FACTS.md section 0). We
// make the same with libxcrypt, so the user can log in with the password.

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace schedulight {

// bcrypt-ruby's DEFAULT_COST, which Greenlight uses in production.
inline constexpr int kGreenlightBcryptCost = 12;

// bcrypt only reads the first 72 bytes of a secret; bcrypt-ruby cuts longer
// ones there too, and so do we.
inline constexpr std::size_t kBcryptMaxSecretBytes = 72;

// A "$2a$<cost>$..." digest of password with a fresh random salt. cost is
// 4..31; production callers leave it at 12. The error never contains the
// password. A password with a NUL byte is refused (bcrypt would cut it there).
std::expected<std::string, std::string> HashPassword(std::string_view password,
                                                     int cost = kGreenlightBcryptCost);

// The password_digest a new user gets (SPEC 4.1): a local account gets the
// digest of password, or of a GeneratePassword() nobody learns when none is
// given; an external account (LDAP, OpenID Connect, ...) gets the digest of
// password when one is given, else none (NULL), as Greenlight gives them.
std::expected<std::optional<std::string>, std::string> PasswordDigestFor(
    const std::optional<std::string>& password, bool local_account,
    int cost = kGreenlightBcryptCost);

// Whether password matches digest (any of $2a$, $2b$, $2y$).
bool VerifyPassword(std::string_view password, const std::string& digest);

// An unguessable 24-character password that satisfies Greenlight's password
// rule (at least 8 characters with a lower-case and an upper-case letter, a
// digit and a symbol), so Greenlight never forces a reset on it.
std::string GeneratePassword();

}  // namespace schedulight
