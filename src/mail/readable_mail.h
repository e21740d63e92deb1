#pragma once
// A queued mail as an admin wants to read it in a debug log (mail.debug,
// --debug-mail, a server's mailDebug): the MIME text scheduLight built
// (mime_message.h), with quoted-printable and base64 parts decoded and the
// secrets a mail carries masked: BBB join-link checksums and passwords in
// links (`checksum=…`, `password=…`, `pw=…`) become `***`.
//
// Works line by line without recursion or regular expressions; input that
// is not what mime_message.h builds is shown as it is, masked all the same.

#include <string>
#include <string_view>

namespace schedulight {

std::string ReadableMail(std::string_view mime);

// The masking alone: every value of a checksum / password / pw parameter.
std::string MaskMailSecrets(std::string_view text);

}  // namespace schedulight
