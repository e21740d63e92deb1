#pragma once
// Turns the HTML of a rendered mail into its plain-text alternative, so a
// template is written once (as HTML) and both MIME parts say the same thing.
// This is not a general HTML renderer: it knows the handful of elements mail
// templates use (p, br, h1-h6, li, a, div, tr) and drops everything else.

#include <string>
#include <string_view>

namespace schedulight {

// Replaces the character references mustache's escaping produces (&amp; &lt;
// &gt; &quot; &#39; &#x2F; and any other decimal or hex reference, plus a few
// common names) by the characters they stand for, as UTF-8. Unknown
// references are left as written.
std::string DecodeHtmlEntities(std::string_view html);

// The text of an HTML document: tags removed, <head>/<style>/<script>
// dropped, block elements as line breaks, list items as "- ", links as
// "text <url>" (just the url when text and url are the same), entities
// decoded, runs of blank lines collapsed. Lines end with "\n".
std::string HtmlToText(std::string_view html);

}  // namespace schedulight
