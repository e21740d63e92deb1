#pragma once
// Scanners for the small grammars input fields use: host names, mail
// addresses, URLs, ids, language codes, YAML scalars. Each is a plain loop over
// the text: one pass, no recursion, no allocation, no std::regex. (libstdc++'s
// std::regex matcher recurses once per character, so a long enough value
// overflows the stack and takes the process down.) They are safe on text of any
// length; validators still bound lengths first (input_limits.h) so that error
// messages stay short.
//
// All functions take UTF-8 text and look at bytes; non-ASCII bytes are only
// allowed where the grammar says so (mail addresses, URLs).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace schedulight {

// UTF-8 validity itself is checked by core/utf8_text.h (IsUtf8).

// Unicode code points in valid UTF-8 text (bytes that do not continue a
// sequence); what error messages call "characters".
std::size_t CountCharacters(std::string_view text);

// The first control character in text: C0 (U+0000..U+001F), DEL (U+007F) or
// C1 (U+0080..U+009F). With allow_line_breaks, tab, line feed and carriage
// return are allowed (free text such as a welcome message).
std::optional<char32_t> FindControlCharacter(std::string_view text, bool allow_line_breaks);

// "U+0000": how a message names a character.
std::string CodePointName(char32_t code_point);

// 'text' for an error message: at most max_characters characters (then "..."),
// control characters written as U+XXXX, so a hostile value can neither flood
// nor garble a message.
std::string QuoteForMessage(std::string_view text, std::size_t max_characters = 80);

// A DNS host name: labels of letters, digits and '-' (not first or last), 1 to
// 63 characters each, separated by '.', at most 253 characters in all.
// IPv4 addresses qualify (their labels are digits).
bool IsHostName(std::string_view text);

// A host name or a bracketed IPv6 address ("[::1]"), optionally followed by
// ":port" with port 1..65535.
bool IsHostAndPort(std::string_view text);

// What mailServer accepts: host[:port], or smtp:// or smtps:// (any case)
// followed by host[:port] and an optional trailing '/'.
bool IsSmtpServer(std::string_view text);

// A pragmatic mail address check: local@domain.tld, at most 254 bytes, no
// blanks, control characters or <>,;" and exactly one '@'; the domain has a dot
// with text on both sides of its last one.
bool IsEmailAddress(std::string_view text);

// http:// or https:// (any case), a non-empty authority (up to the first '/',
// '?' or '#'), and no blanks or control characters anywhere.
bool IsHttpUrl(std::string_view text);

// A document id: a letter or digit, then letters, digits and _ . @ + -,
// 1 to 128 characters in all.
bool IsDocumentId(std::string_view text);

// A template file name: letters, digits and . _ - (not starting with '.'), no
// "..", 1 to 128 characters.
bool IsTemplateFileName(std::string_view text);

// A BBB create parameter name: a letter, then letters, digits, '_' and '-'.
bool IsCreateParamName(std::string_view text);

// A meeting language: two lower-case letters, optionally '-' or '_' and two
// letters ("en", "de", "pt-BR", "pt_br").
bool IsLanguageCode(std::string_view text);

// A mail template language directory: two or three lower-case letters.
bool IsLanguageDirectoryName(std::string_view text);

// The plain YAML scalars yaml_document reads as numbers:
// integer  [-+]?(0|[1-9][0-9]*)
// decimal  [-+]?([0-9]*\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?
bool IsYamlInteger(std::string_view text);
bool IsYamlDecimal(std::string_view text);

// How a line of a data file opens the top-level mapping `key`:
// "meetings:" (blanks and a # comment may follow; a final '\r' is ignored) is
// kBlock; "meetings: {}" is kEmptyFlow; anything else kNone.
enum class TopLevelKeyLine { kNone, kBlock, kEmptyFlow };
TopLevelKeyLine ScanTopLevelKeyLine(std::string_view line, std::string_view key);

}  // namespace schedulight
