// The HTTP status codes Tocsin answers with, by name.
#pragma once

#include <cstddef>

namespace tocsin::server {

inline constexpr int kHttpOk = 200;
inline constexpr int kHttpCreated = 201;
inline constexpr int kHttpNoContent = 204;
inline constexpr int kHttpNotModified = 304;
inline constexpr int kHttpBadRequest = 400;
inline constexpr int kHttpUnauthorized = 401;
inline constexpr int kHttpForbidden = 403;
inline constexpr int kHttpNotFound = 404;
inline constexpr int kHttpMethodNotAllowed = 405;
inline constexpr int kHttpConflict = 409;
inline constexpr int kHttpPayloadTooLarge = 413;
inline constexpr int kHttpUriTooLong = 414;
inline constexpr int kHttpUnsupportedMediaType = 415;
inline constexpr int kHttpTooManyRequests = 429;
inline constexpr int kHttpHeadersTooLarge = 431;
inline constexpr int kHttpInternalError = 500;
inline constexpr int kHttpUnavailable = 503;

// An ETag is the first 32 hex digits (128 bits) of its body's SHA-256.
inline constexpr std::size_t kEtagHexDigits = 32;

}  // namespace tocsin::server
