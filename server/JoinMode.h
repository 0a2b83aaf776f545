#pragma once

// How a session's join to a room is carried out.
enum class JoinMode {
    AccountLevel, // the account is the occupant; sessions share it (minimix)
    Classic, // each session is its own occupant (plain XEP-0045)
};
