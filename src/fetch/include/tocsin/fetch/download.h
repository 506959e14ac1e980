// Downloading one URL over HTTP or HTTPS to a file, checked and stored atomically.
//
// The body is written to DESTINATION.part while its size, MD5 and SHA-256 are
// computed; only when the transfer is complete and matches what was expected is
// the file renamed to DESTINATION, so a reader never sees half a download. On any
// error the .part file is removed and DESTINATION is left as it was.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "tocsin/core/result.h"

namespace tocsin::fetch {

struct DownloadProgress {
  const std::string* url = nullptr;
  std::uint64_t bytes = 0;  // received so far
  std::uint64_t total = 0;  // Content-Length, or 0 when the server did not say
  double seconds = 0;       // since the request was sent
  bool done = false;        // the last call for this download
};

// What the downloaded bytes must be; an empty field is not checked.
struct Expected {
  std::optional<std::uint64_t> size;
  std::string md5;     // lower- or upper-case hex
  std::string sha256;  // lower- or upper-case hex
};

struct DownloadOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(15)};
  // The longest wait for the next bytes of a response; a server that sends
  // nothing for this long is a timeout.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(60)};
  std::string user_agent = "tocsin-fetch";
  // The largest body accepted: a larger Content-Length is refused before any
  // byte is written, and a body without one is cut off there (ResourceExhausted
  // is not a code Tocsin has: IoError naming the limit). The public files are
  // far smaller (UCDP GED's whole CSV is about 1 GB; GDELT's files, megabytes).
  std::uint64_t max_bytes = std::uint64_t{16} << 30;
  // Called as bytes arrive (at most every few hundred kilobytes) and once at the end.
  std::function<void(const DownloadProgress&)> on_progress;
  // Polled while bytes arrive; returning true abandons the download (Unavailable).
  std::function<bool()> cancelled;
};

struct Downloaded {
  std::string url;
  std::string path;  // where the file now is
  std::uint64_t bytes = 0;
  std::string md5;     // lower-case hex
  std::string sha256;  // lower-case hex
  double seconds = 0;
};

// Downloads `url` (http:// or https://, redirects followed) to `destination`,
// creating its folder. Errors name the URL and the cause:
//   InvalidArgument  the URL is not http(s)://HOST[:PORT]/PATH;
//   NotFound         the server answered 404 or 410;
//   Unavailable      no connection, a timeout, another non-200 status, cancelled;
//   DataLoss         the body is shorter than its Content-Length, or its size or
//                    checksum differs from `expected`;
//   IoError          the file cannot be written.
// Thread-safe (each call has its own connection).
Result<Downloaded> DownloadFile(const std::string& url, const std::string& destination,
                                const Expected& expected = {}, const DownloadOptions& options = {});

// GETs `url` into memory (lists such as GDELT's lastupdate.txt); refuses bodies
// larger than `limit` bytes. Errors as DownloadFile's.
Result<std::string> DownloadText(const std::string& url, const DownloadOptions& options = {},
                                 std::uint64_t limit = std::uint64_t{256} << 20);

// Ok when `url` is one DownloadFile takes: http(s)://HOST[:PORT][/PATH]. Else
// InvalidArgument naming the URL ("URL: not an http:// or https:// URL").
Status CheckUrl(const std::string& url);

// The last segment of the URL's path, without query, safe as a file name
// ("http://h/gdeltv2/20250101000000.export.CSV.zip" -> "20250101000000.export.CSV.zip";
// "download" when the path is empty).
std::string FileNameOfUrl(const std::string& url);

}  // namespace tocsin::fetch
