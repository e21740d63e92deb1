#pragma once
// The random identifiers Greenlight gives users and rooms, generated the way
// Greenlight generates them (FACTS.md 1.2, 1.3, 2.2, 2.3), so rooms made by
// scheduLight look and behave like rooms made in the UI.

#include <string>
#include <string_view>

namespace schedulight {

// ActiveSupport's String#parameterize as far as it matters here: Latin-1
// letters transliterated (ä -> a, ß -> ss), lower case, runs of other
// characters replaced by one '-', no '-' at either end. Other scripts drop out.
std::string Parameterize(std::string_view text);

// v2 room uid: "<3 chars of the owner's name>-xxx-xxx-xxx" (name chunk padded
// with random chars from Greenlight's unambiguous charset).
std::string NewV2RoomUid(std::string_view owner_name);

// v3 friendly_id: 12 random lower-case alphanumerics as "xxx-xxx-xxx-xxx".
std::string NewV3FriendlyId();

// BBB meetingID of a new room: 40 random lower-case alphanumerics.
std::string NewMeetingId();

// v2 users.uid: "gl-" + 12 random lower-case letters.
std::string NewV2UserUid();

// v2 room moderator/attendee password: 12 random ASCII letters.
std::string NewRoomPassword();

// v3 access code as its UI generates one: 6 random lower-case alphanumerics.
std::string NewV3AccessCode();

// v3 users.session_token: SHA-256 hex of 40 random alphanumerics.
std::string NewSessionToken();

}  // namespace schedulight
